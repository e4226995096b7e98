import { settingsWith } from '../../config/load-settings';
import { CALLS_DATASET_OPTIONS } from '../../datasets/crm-calls/options-table';
import type { CallsSettings } from '../../datasets/crm-calls/options-table';
import type { CallSeedOptionInputs } from '../api/seed-calls';
import { crmCallsDataset } from '../../datasets/crm-calls/dataset';
import type { DatasetResult } from '../../operations/seed-dataset';
import { crmLinksOf, planFromSettings } from '../../datasets/crm-calls/options';
import { printSummary, seedMigration } from './define-seed';
import type { MigrateMongoSeed } from './define-seed';

/** What a seed file may fix for its batch; the database is the one migrate-mongo connected to. */
export type CallSeedOptions = Omit<CallSeedOptionInputs, 'nodeEnv'>;

/**
 * The built-in CRM dataset as a migrate-mongo migration: calls with one activity log each,
 * linked to the tenant's live leads, contacts, accounts, deals and users where there are any.
 *
 *   module.exports = require('crm-calls-seed').defineCallSeed(__filename, { calls: 200, tenantId: 9 });
 */
export function defineCallSeed(seedFile: string, options: CallSeedOptions = {}): MigrateMongoSeed {
  return seedMigration(seedFile, options, {
    settings: (sources) => settingsWith(CALLS_DATASET_OPTIONS, sources),
    dataset: (settings, batch) => crmCallsDataset(planFromSettings(settings, batch), crmLinksOf(settings)),
    seed: (settings, batch) => planFromSettings(settings, batch).seed,
    report: (result, target, settings, logger) =>
      printSummary(result, target, logger, 'call', [linksLine(result, settings)]),
  });
}

/** Says whether the calls point at live CRM records or at synthetic ids. */
function linksLine(result: DatasetResult, settings: CallsSettings): string {
  const n = (name: string): number => result.linked[name] ?? 0;
  // As the call factory decides: live links need leads, contacts or accounts.
  const live =
    n(settings.leadsCollection) + n(settings.contactsCollection) + n(settings.accountsCollection) > 0;
  if (settings.links === 'off') return '  links          synthetic ids (SEED_LINKS=off)';
  if (!live) {
    return `  links          synthetic ids: tenant ${settings.tenantId} has no ${settings.leadsCollection}, ${settings.contactsCollection} or ${settings.accountsCollection}`;
  }
  const counts = Object.entries(result.linked)
    .filter(([, count]) => count > 0)
    .map(([name, count]) => `${count} ${name}`)
    .join(', ');
  return `  links          live records of tenant ${settings.tenantId}: ${counts}`;
}
