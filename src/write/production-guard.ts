import type { Settings } from '../config/settings-table';
import { SafetyError } from '../errors';

/** Refuses to write to what looks like production unless explicitly allowed. */
export function assertNotProduction(settings: Settings): void {
  if (settings.allowProduction) return;
  const override = 'set SEED_ALLOW_PRODUCTION=1 (or --allow-production) if this really is a dev database';
  if (settings.nodeEnv === 'production') {
    throw new SafetyError(`refusing to write: NODE_ENV is "production"; ${override}`);
  }
  if (settings.productionPattern.test(settings.dbName)) {
    throw new SafetyError(
      `refusing to write: database name "${settings.dbName}" matches the production pattern ${String(settings.productionPattern)} (SEED_PRODUCTION_PATTERN); ${override}`,
    );
  }
}
