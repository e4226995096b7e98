import { ConfigError } from '../errors';
import type { Dataset } from '../dataset/contract';
import { checkDefinition } from '../dataset/check-dataset';
import type { OptionsTable } from '../dataset/options-table';
import { SETTINGS } from './settings-table';

/** A dataset of any options table. */
export type AnyDataset = Dataset<OptionsTable>;

const TABLES = new WeakMap<AnyDataset, OptionsTable>();

/**
 * The engine's settings and, when a dataset is given, its options: one table. A dataset's
 * option may not take an engine setting's key, env name or flag (one line saying which).
 */
export function optionsTableOf(dataset: AnyDataset | undefined): OptionsTable {
  if (!dataset) return SETTINGS;
  const known = TABLES.get(dataset);
  if (known) return known;
  checkDefinition(dataset, `dataset ${String(dataset.name)}`);
  const own: OptionsTable = dataset.options ?? {};
  for (const [key, spec] of Object.entries(own)) {
    for (const [settingKey, setting] of Object.entries(SETTINGS)) {
      const same =
        key === settingKey
          ? `the key "${key}"`
          : spec.env !== undefined && spec.env === setting.env
            ? spec.env
            : spec.flag !== undefined && spec.flag === setting.flag
              ? spec.flag
              : undefined;
      if (same !== undefined) {
        throw new ConfigError(
          `dataset ${dataset.name}: option "${key}" uses ${same}, which is the engine's setting "${settingKey}"; rename the option`,
          { code: 'BAD_INPUT' },
        );
      }
    }
  }
  const table = { ...SETTINGS, ...own };
  TABLES.set(dataset, table);
  return table;
}

/** The dataset's own options, from resolved settings that hold them beside the engine's. */
export function datasetOptionsOf(
  dataset: AnyDataset,
  settings: Readonly<Record<string, unknown>>,
): Readonly<Record<string, unknown>> {
  return Object.fromEntries(Object.keys(dataset.options ?? {}).map((key) => [key, settings[key]]));
}
