import { extname } from 'node:path';
import { ConfigError } from '../../errors';
import { checkDataset } from '../../generate/dataset';
import type { DatasetSpec } from '../../generate/dataset';

/**
 * The dataset a defineSeed seed file declares (`--seed-file`), loaded the way migrate-mongo
 * loads it. A `.ts` seed file needs ts-node, as under migrate-mongo in this repository.
 */
export function loadSeedFileDataset(path: string): DatasetSpec {
  let loaded: unknown;
  try {
    if (extname(path) === '.ts') {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      (require('ts-node') as { register(options: object): void }).register({ transpileOnly: true });
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(path);
  } catch (err) {
    const reason = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
    throw new ConfigError(`--seed-file ${path}: cannot load it (${reason})`, { code: 'BAD_INPUT' });
  }
  const dataset = loaded as Partial<DatasetSpec> | undefined;
  if (!Array.isArray(dataset?.collections)) {
    throw new ConfigError(
      `--seed-file ${path}: not a defineSeed seed file (it exports no collections; defineCallSeed files are the built-in calls dataset)`,
      { code: 'BAD_INPUT' },
    );
  }
  const spec = { collections: dataset.collections, links: dataset.links };
  checkDataset(spec, `--seed-file ${path}`);
  return spec;
}
