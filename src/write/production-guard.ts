import type { Settings } from '../config/settings-table';
import { SafetyError } from '../errors';

/**
 * Refuses to write to what looks like production unless explicitly allowed. Checked before
 * the lock is taken, so a refused run writes nothing at all. The database name is matched
 * against SEED_PRODUCTION_PATTERN; NODE_ENV counts in any case ("Production", "prod").
 */
export function assertNotProduction(settings: Settings): void {
  if (settings.allowProduction) return;
  const override = 'set SEED_ALLOW_PRODUCTION=1 (or --allow-production) if this really is a dev database';
  if (settings.nodeEnv !== undefined && /^prod(uction)?$/i.test(settings.nodeEnv)) {
    throw new SafetyError(`refusing to write: NODE_ENV is "${settings.nodeEnv}"; ${override}`);
  }
  if (settings.productionPattern.test(settings.dbName)) {
    throw new SafetyError(
      `refusing to write: database name "${settings.dbName}" matches the production pattern ${String(settings.productionPattern)} (SEED_PRODUCTION_PATTERN); ${override}`,
    );
  }
}
