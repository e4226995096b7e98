import { systemDatabaseWarning } from '../../write/production-guard';
import type { Logger } from '../../logger';

const warned = new Set<string>();

/**
 * The system-database warning, once per process and database: this repository's config
 * (before `down` removes interrupted runs) and the seed file's own `up`/`down` both write in
 * one migrate-mongo run, and one line is enough.
 */
export function warnIfSystemDatabase(dbName: string, logger: Logger): void {
  const warning = systemDatabaseWarning(dbName);
  if (!warning || warned.has(dbName)) return;
  warned.add(dbName);
  logger.warn(warning);
}
