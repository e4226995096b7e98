import { settingsWith } from '../../config/load-settings';
import { seedOf } from '../../config/run-plan';
import { builtInDataset } from '../../datasets';
import { printSummary, seedMigration } from './define-seed';
import type { MigrateMongoSeed } from './define-seed';

/**
 * Any built-in dataset, by the name `crm-seed --dataset` takes, as a migrate-mongo migration;
 * its options are that dataset's and the engine's, checked like every seed file's:
 *
 *   module.exports = defineBuiltInSeed(__filename, 'crm-tasks', { tasks: 300 });
 */
export function defineBuiltInSeed(
  seedFile: string,
  dataset: string,
  options: Readonly<Record<string, unknown>> = {},
): MigrateMongoSeed {
  const builtIn = builtInDataset(dataset, `defineBuiltInSeed: "${dataset}"`);
  return seedMigration(seedFile, options, {
    settings: (sources) => settingsWith(builtIn.options, sources),
    dataset: (settings, batch) => builtIn.build(settings, batch),
    seed: (settings, batch) => seedOf(settings, batch),
    report: (result, target, _settings, logger) => printSummary(result, target, logger, 'document'),
  });
}
