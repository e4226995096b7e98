import { SafetyError } from '../errors';

/** What the production guard looks at, besides the name of the database in hand. */
export interface ProductionGuard {
  /** Write even when the target looks like production. */
  readonly allowProduction: boolean;
  /** Database names treated as production. */
  readonly productionPattern: RegExp;
  /** The environment the caller runs in (NODE_ENV), when the caller chose to pass it. */
  readonly nodeEnv?: string | undefined;
}

export const DEFAULT_PRODUCTION_PATTERN = /(^|[-_.])prod(uction)?($|[-_.])/i;

/**
 * Refuses to write to what looks like production unless explicitly allowed. Checked on the
 * name of the database actually connected to, before the lock is taken, so a refused run
 * writes nothing at all. NODE_ENV counts in any case ("Production", "prod").
 */
export function assertNotProduction(guard: ProductionGuard, dbName: string): void {
  if (guard.allowProduction) return;
  const override = 'set SEED_ALLOW_PRODUCTION=1 (or --allow-production) if this really is a dev database';
  if (guard.nodeEnv !== undefined && /^prod(uction)?$/i.test(guard.nodeEnv)) {
    throw new SafetyError(`refusing to write: NODE_ENV is "${guard.nodeEnv}"; ${override}`, {
      code: 'PRODUCTION_REFUSED',
    });
  }
  if (guard.productionPattern.test(dbName)) {
    throw new SafetyError(
      `refusing to write: database name "${dbName}" matches the production pattern ${String(guard.productionPattern)} (SEED_PRODUCTION_PATTERN); ${override}`,
      { code: 'PRODUCTION_REFUSED' },
    );
  }
}
