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

/** MongoDB's own databases: users and roles, replication state, cluster metadata. */
export const SYSTEM_DATABASES: readonly string[] = ['admin', 'local', 'config'];

/**
 * A warning, not a refusal: seed data has no business in MongoDB's own databases, but nothing
 * there is lost by it (every seeded document carries its marker and `down` removes exactly
 * those), and a dev server may have nothing else to write to. Entry points print it once,
 * before the first write. `local` is not replicated, so on a replica set the batch would not
 * reach the secondaries.
 */
export function systemDatabaseWarning(dbName: string): string | undefined {
  if (!SYSTEM_DATABASES.includes(dbName)) return undefined;
  const why = dbName === 'local' ? ' (not replicated)' : '';
  return `warning: writing into "${dbName}", a MongoDB system database${why}; set MONGO_DB (or --db) to the app's database unless this is intended`;
}
