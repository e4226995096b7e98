import { resolve } from 'node:path';
import { SETTINGS } from '../../config/settings-table';
import type { DatasetOptions, OptionsTable, Settings } from '../../config/settings-table';
import { BUILT_IN_DATASETS, builtInDataset as lookUp, DEFAULT_DATASET } from '../../datasets';
import type { BuiltInDataset } from '../../datasets/registry';
import { Option } from 'commander';
import { ConfigError } from '../../errors';
import type { DatasetSpec } from '../../generate/dataset';
import type { IdTarget } from '../../operations/cleanup/cleanup-selection';
import { loadSeedFileDataset } from './seed-file';

/** Which dataset a command runs: a built-in one by name, or a seed file's (one of the two). */
export interface DatasetChoice {
  readonly dataset?: string | undefined;
  readonly seedFile?: string | undefined;
}

/** `--dataset <name>`, for every command that runs a dataset. */
export function datasetOption(): Option {
  const names = Object.keys(BUILT_IN_DATASETS);
  return new Option(
    '--dataset <name>',
    `a built-in dataset: ${names.map((n) => `${n} (${BUILT_IN_DATASETS[n]!.describe})`).join(', ')}; default ${DEFAULT_DATASET}`,
  ).conflicts('seedFile');
}

/** The built-in dataset `--dataset` names (the default without it). */
export function builtInDataset(name: string = DEFAULT_DATASET): BuiltInDataset {
  return lookUp(name, `--dataset ${name}`, '; a dataset of your own comes with --seed-file');
}

/**
 * The CLI's dataset lookup: a built-in dataset by name (`--dataset`, the calls by default),
 * built from the settings, or the dataset a defineSeed seed file declares (`--seed-file`).
 */
export function datasetOf(
  cwd: string,
  settings: CliSettings,
  batch: string,
  choice: DatasetChoice,
): DatasetSpec {
  if (choice.seedFile !== undefined) return loadSeedFileDataset(resolve(cwd, choice.seedFile));
  return builtInDataset(choice.dataset).build(settings, batch);
}

/** The chosen built-in dataset's collections: listed in the totals even before anything is seeded. */
export function builtInCollections(settings: CliSettings, name?: string): string[] {
  return builtInDataset(name)
    .build(settings, 'stats')
    .collections.map((c) => c.name);
}

/** Every built-in dataset, built from the settings (verify knows each one's schemas). */
export function allBuiltInDatasets(
  settings: CliSettings,
  batch: string,
): { readonly name: string; readonly spec: DatasetSpec }[] {
  return Object.entries(BUILT_IN_DATASETS).map(([name, d]) => ({ name, spec: d.build(settings, batch) }));
}

export { DEFAULT_DATASET };

const DATASET_OPTIONS = Object.values(BUILT_IN_DATASETS).map((d) => d.options);

/** Every built-in dataset's options in one table; an option two datasets share (tenantId) is the first's. */
const DATASET_TABLE: OptionsTable = Object.fromEntries(
  DATASET_OPTIONS.flatMap((o) => Object.entries(o.table)).filter(
    ([key], i, all) => all.findIndex(([k]) => k === key) === i,
  ),
);

/** The built-in datasets' option keys, in their datasets' order: the flags of generate and import. */
export const DATASET_OPTION_KEYS: readonly string[] = [
  ...new Set(DATASET_OPTIONS.flatMap((o) => Object.keys(o.table))),
];

/** The CLI's settings: the engine's and every built-in dataset's options, one flag each. */
export const CLI_OPTIONS: OptionsTable = { ...SETTINGS, ...DATASET_TABLE };
export type CliOptionKey = string;

/**
 * The built-in datasets' options, resolved beside the engine's settings (each one a flag of
 * every command), checked across options as the dataset a command runs checks them: the one
 * `--dataset` names, the calls by default, none for a `--seed-file` (its own dataset). A
 * reference date the calls can use is not refused because the tasks could not.
 */
export function cliDatasetOptions(selected: { dataset?: string; seedFile?: string }): DatasetOptions {
  const name = selected.seedFile !== undefined ? undefined : (selected.dataset ?? DEFAULT_DATASET);
  const checked =
    name !== undefined && Object.hasOwn(BUILT_IN_DATASETS, name) ? BUILT_IN_DATASETS[name] : undefined;
  return {
    dataset: `the built-in datasets (${Object.keys(BUILT_IN_DATASETS).join(', ')})`,
    table: DATASET_TABLE,
    check: checked?.options.check,
  };
}
/** The CLI's resolved settings: the engine's, and every built-in dataset's options by key. */
export type CliSettings = Settings & Readonly<Record<string, unknown>>;

/**
 * What `cleanup --ids/--last` counts in: `collection` (default: the dataset's first), and the
 * collections made per document of it whose parentField points back (they go with them).
 */
export function idTargetOf(spec: DatasetSpec, collection: string | undefined): IdTarget {
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

/** What the default dataset seeds, for help texts. */
export const DEFAULT_DESCRIPTION = BUILT_IN_DATASETS[DEFAULT_DATASET]!.describe;
