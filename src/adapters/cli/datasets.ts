import { resolve } from 'node:path';
import { SETTINGS } from '../../config/settings-table';
import { CALLS_DATASET_OPTIONS, CALLS_OPTIONS } from '../../datasets/crm-calls/options-table';
import type { CallsSettings } from '../../datasets/crm-calls/options-table';
import { ACTIVITY_LOGS, CALLS, crmCallsDataset } from '../../datasets/crm-calls/dataset';
import { crmLinksOf, planFromSettings } from '../../datasets/crm-calls/options';
import { ConfigError } from '../../errors';
import type { DatasetSpec } from '../../generate/dataset';
import type { IdTarget } from '../../operations/cleanup/cleanup-selection';
import { loadSeedFileDataset } from './seed-file';

/**
 * The CLI's dataset lookup, the one place it names a dataset: the built-in CRM calls, from
 * the settings, or the dataset a defineSeed seed file declares (`--seed-file`).
 */
export function datasetOf(
  cwd: string,
  settings: CallsSettings,
  batch: string,
  seedFile: string | undefined,
): DatasetSpec {
  if (seedFile !== undefined) return loadSeedFileDataset(resolve(cwd, seedFile));
  return crmCallsDataset(planFromSettings(settings, batch), crmLinksOf(settings));
}

/** The built-in dataset's collections: listed in the totals even before anything is seeded. */
export const BUILT_IN_COLLECTIONS: readonly string[] = [CALLS, ACTIVITY_LOGS];

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

/** The CLI's settings: the engine's and the built-in dataset's options, one flag each. */
export const CLI_OPTIONS = { ...SETTINGS, ...CALLS_OPTIONS };
export type CliOptionKey = keyof typeof CLI_OPTIONS;

/** The CLI's settings resolve the built-in dataset's options beside the engine's. */
export const CLI_DATASET_OPTIONS = CALLS_DATASET_OPTIONS;
export type CliSettings = CallsSettings;
