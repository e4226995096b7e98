import type { Settings } from '../../config/settings-table';
import { guardOf } from '../../config/run-plan';
import { assertNotProduction, systemDatabaseWarning } from '../../write/production-guard';
import type { Printer } from './output';

/**
 * Before a writing command connects: the production guard refuses (also when nothing would
 * match), and a MongoDB system database as the target gets a one-line warning on stderr.
 */
export function checkWriteTarget(settings: Settings, printer: Printer): void {
  assertNotProduction(guardOf(settings), settings.dbName);
  const warning = systemDatabaseWarning(settings.dbName);
  if (warning) printer.warn(`crm-seed: ${warning}`);
}
