import { extname } from 'node:path';
import { ConfigError } from '../../errors';
import type { AnyDataset } from '../../config/dataset-options';

/** How to load a .ts file: the package ships no TypeScript loader. */
const TS_HINT =
  "; for a .ts file run with NODE_OPTIONS='--import tsx' (or '-r ts-node/register/transpile-only')";

function load(path: string, what: string): unknown {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(path);
  } catch (err) {
    const reason = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
    const hint = ['.ts', '.mts', '.cts'].includes(extname(path)) ? TS_HINT : '';
    throw new ConfigError(`${what}: cannot load it (${reason})${hint}`, { code: 'BAD_INPUT' });
  }
}

const isDataset = (value: unknown): value is AnyDataset =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { name?: unknown }).name === 'string' &&
  (Array.isArray((value as { collections?: unknown }).collections) ||
    typeof (value as { collections?: unknown }).collections === 'function');

/**
 * The dataset and options a seed file runs (`--seed-file`): one made by defineSeed,
 * defineCallSeed or defineBuiltInSeed, loaded with require as migrate-mongo loads it.
 */
export function loadSeedFile(
  path: string,
  what: string,
): { readonly dataset: AnyDataset; readonly options: Readonly<Record<string, unknown>> } {
  const loaded = load(path, what) as { dataset?: unknown; options?: unknown; default?: unknown } | undefined;
  const seed = (
    loaded?.dataset === undefined && typeof loaded?.default === 'object' ? loaded.default : loaded
  ) as { dataset?: unknown; options?: unknown } | undefined;
  if (!isDataset(seed?.dataset)) {
    throw new ConfigError(
      `${what}: not a seed file of this package (it exports no dataset; make it with defineSeed, defineCallSeed or defineBuiltInSeed)`,
      { code: 'BAD_INPUT' },
    );
  }
  const options = typeof seed.options === 'object' && seed.options !== null ? seed.options : {};
  return { dataset: seed.dataset, options: options as Readonly<Record<string, unknown>> };
}

/** A dataset module (`--dataset ./tickets.js`): its default export, its `dataset` export, or the only dataset it exports. */
export function loadDatasetModule(path: string, what: string): AnyDataset {
  const loaded = load(path, what) as Record<string, unknown> | undefined;
  if (isDataset(loaded)) return loaded;
  const candidates = [loaded?.['default'], loaded?.['dataset'], ...Object.values(loaded ?? {})].filter(
    isDataset,
  );
  const found = [...new Set(candidates)];
  if (
    found.length === 1 ||
    (found.length > 1 && (isDataset(loaded?.['default']) || isDataset(loaded?.['dataset'])))
  ) {
    return found[0]!;
  }
  throw new ConfigError(
    found.length === 0
      ? `${what}: exports no dataset (export one made with defineDataset, as default or as "dataset")`
      : `${what}: exports ${found.length} datasets; export the one to run as default or as "dataset"`,
    { code: 'BAD_INPUT' },
  );
}
