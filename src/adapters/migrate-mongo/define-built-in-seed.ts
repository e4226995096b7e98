import { builtInDataset } from '../../datasets';
import type { OptionsTable } from '../../dataset/options-table';
import { defineSeed } from './define-seed';
import type { DatasetSeed } from './define-seed';

/**
 * Any built-in dataset, by the name `crm-seed --dataset` takes, as a migrate-mongo migration:
 * `defineSeed(seedFile, <that dataset>, options)`.
 *
 *   module.exports = defineBuiltInSeed(__filename, 'crm-tasks', { tasks: 300 });
 */
export const defineBuiltInSeed = (
  seedFile: string,
  dataset: string,
  options: Readonly<Record<string, unknown>> = {},
): DatasetSeed<OptionsTable> =>
  defineSeed(seedFile, builtInDataset(dataset, `defineBuiltInSeed: "${dataset}"`), options);
