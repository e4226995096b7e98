import { extname } from 'node:path';
import { ConfigError } from '../../errors';
import { checkDataset } from '../../generate/dataset';
import type { DatasetSpec } from '../../generate/dataset';

/**
 * The dataset a defineSeed seed file declares (`--seed-file`), loaded with require as
 * migrate-mongo loads it. A `.ts` seed file needs a TypeScript loader in the process, e.g.
 * NODE_OPTIONS='-r ts-node/register/transpile-only' (the package ships none).
 */
export function loadSeedFileDataset(path: string): DatasetSpec {
  let loaded: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(path);
  } catch (err) {
    const reason = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
    const hint =
      extname(path) === '.ts'
        ? "; for a .ts file run with NODE_OPTIONS='-r ts-node/register/transpile-only'"
        : '';
    throw new ConfigError(`--seed-file ${path}: cannot load it (${reason})${hint}`, { code: 'BAD_INPUT' });
  }
  const dataset = loaded as Partial<DatasetSpec> | undefined;
  if (!Array.isArray(dataset?.collections)) {
    throw new ConfigError(
      `--seed-file ${path}: not a defineSeed seed file (it exports no collections; a built-in dataset's seed file, defineCallSeed or defineBuiltInSeed, is run with --dataset <name>)`,
      { code: 'BAD_INPUT' },
    );
  }
  const spec = { collections: dataset.collections, links: dataset.links };
  checkDataset(spec, `--seed-file ${path}`);
  return spec;
}
