import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readHostMigrateConfig } from '../host-migrate-config';
import { Option } from 'commander';
import type { SettingsLayer } from '../../config/resolve-settings';
import type { Settings } from '../../config/settings-table';
import { datasetRun } from '../../config/dataset-run';
import type { AnyDataset } from '../../config/dataset-options';
import { BUILT_IN_DATASETS, builtInDataset, DEFAULT_DATASET } from '../../datasets';
import { ConfigError } from '../../errors';
import type { BuiltDataset } from '../../dataset/contract';
import type { IdTarget } from '../../operations/remove/cleanup-selection';
import { didYouMean } from './did-you-mean';
import { loadDatasetModule, loadSeedFile } from './seed-file';

/**
 * The dataset one CLI run works with, chosen before its flags are parsed: a built-in one by
 * name (`--dataset crm-tasks`, crm-calls by default), a dataset module (`--dataset
 * ./tickets.js`), or a seed file's (`--seed-file`). Each gets its own flags and help.
 */
export interface CliDataset {
  readonly dataset: AnyDataset;
  /** How messages name where it came from: "--dataset crm-tasks", "--seed-file s.js". */
  readonly source: string;
  /** A seed file's own options: above the environment, below flags (as under migrate-mongo). */
  readonly fixed?: SettingsLayer | undefined;
  /** Chosen explicitly (not the default). */
  readonly explicit: boolean;
}

/** A value of `--name <v>` or `--name=<v>` in argv, if given. */
function flagValue(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return undefined;
    if (arg === name) return argv[i + 1];
    if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
  }
  return undefined;
}

/** A `--dataset` value that names a module of the user's rather than a built-in dataset. */
function isModulePath(value: string): boolean {
  return /[\\/]/.test(value) || /\.(c|m)?(j|t)s$/.test(value);
}

/** The dataset the arguments choose (`--seed-file` or `--dataset`), the default one otherwise. */
export function chooseDataset(argv: readonly string[], cwd: string, hostConfig = false): CliDataset {
  const seedFile = flagValue(argv, '--seed-file');
  const name = flagValue(argv, '--dataset');
  if (seedFile !== undefined && name !== undefined) {
    // Commander refuses the pair with its own message; the default keeps the program buildable.
    return {
      dataset: builtInDataset(DEFAULT_DATASET, DEFAULT_DATASET),
      source: 'the default dataset',
      explicit: false,
    };
  }
  if (seedFile !== undefined) {
    const loaded = loadSeedFile(seedFilePath(seedFile, cwd, hostConfig), `--seed-file ${seedFile}`);
    return {
      dataset: loaded.dataset,
      source: `--seed-file ${seedFile}`,
      fixed: { kind: 'seed file', label: seedFile, values: loaded.options },
      explicit: true,
    };
  }
  if (name !== undefined && isModulePath(name)) {
    return {
      dataset: loadDatasetModule(resolve(cwd, name), `--dataset ${name}`),
      source: `--dataset ${name}`,
      explicit: true,
    };
  }
  if (name !== undefined) {
    const hint =
      didYouMean(
        name,
        BUILT_IN_DATASETS.map((d) => d.name),
      ) ?? '; a dataset of your own comes with --seed-file or --dataset <module path>';
    return {
      dataset: builtInDataset(name, `--dataset ${name}`, hint),
      source: `--dataset ${name}`,
      explicit: true,
    };
  }
  return {
    dataset: builtInDataset(DEFAULT_DATASET, DEFAULT_DATASET),
    source: `the default dataset (${DEFAULT_DATASET})`,
    explicit: false,
  };
}

/** A seed file's path: from the working folder, else (a bare name) from the host's migrations folder. */
function seedFilePath(seedFile: string, cwd: string, hostConfig: boolean): string {
  const here = resolve(cwd, seedFile);
  if (existsSync(here) || !hostConfig) return here;
  const folder = readHostMigrateConfig(undefined, cwd)?.migrationsDir;
  const there = folder === undefined ? undefined : resolve(folder, seedFile);
  return there !== undefined && existsSync(there) ? there : here;
}

/** `--dataset <name>`, for every command that runs a dataset. */
export function datasetOption(): Option {
  const names = BUILT_IN_DATASETS.map((d) => `${d.name} (${d.describe ?? d.name})`);
  return new Option(
    '--dataset <name>',
    `a built-in dataset: ${names.join(', ')}; or a dataset module of yours (a path); default ${DEFAULT_DATASET}`,
  ).conflicts('seedFile');
}

/** The chosen dataset built from the settings for one batch. */
export function datasetOf(chosen: CliDataset, settings: Settings, batch: string): BuiltDataset {
  return datasetRun(chosen.dataset, settings, batch).spec;
}

/**
 * A flag the user gave that is an option of another built-in dataset than the one chosen:
 * one line naming the dataset it belongs to, instead of commander's "unknown option".
 */
export function foreignFlag(
  argv: readonly string[],
  chosen: CliDataset,
  known: ReadonlySet<string>,
): ConfigError | undefined {
  for (const arg of argv) {
    if (arg === '--') break;
    if (!arg.startsWith('--')) continue;
    const flag = arg.split('=')[0]!;
    if (known.has(flag)) continue;
    const owner = BUILT_IN_DATASETS.find(
      (d) => d !== chosen.dataset && Object.values(d.options ?? {}).some((o) => o.flag === flag),
    );
    if (owner) {
      const with_ = owner.name === DEFAULT_DATASET ? '' : ` (use it with --dataset ${owner.name})`;
      return new ConfigError(
        `${flag} is an option of the ${owner.name} dataset, not of ${chosen.dataset.name}${with_}`,
        { code: 'BAD_INPUT' },
      );
    }
  }
  return undefined;
}

/**
 * What `cleanup --ids/--last` counts in: `collection` (default: the dataset's first), and the
 * collections made per document of it whose parentField points back (they go with them).
 */
export function idTargetOf(spec: BuiltDataset, collection: string | undefined): IdTarget {
  const root = collection ?? spec.collections[0]?.name;
  if (!spec.collections.some((c) => c.name === root)) {
    const known = spec.collections.map((c) => c.name).join(', ');
    throw new ConfigError(
      `--collection ${String(root)} is not a collection of the dataset (it has ${known})`,
      {
        code: 'BAD_INPUT',
      },
    );
  }
  const children = spec.collections.flatMap((c) =>
    c.per === root && c.parentField !== undefined ? [{ collection: c.name, parentField: c.parentField }] : [],
  );
  return { collection: root!, children };
}

/** One document of a collection, as messages name it: calls -> call, activity_logs -> activity_log. */
export function singular(collection: string): string {
  return collection.endsWith('s') ? collection.slice(0, -1) : collection;
}

export { DEFAULT_DATASET };
