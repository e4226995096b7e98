import type { Db } from 'mongodb';
import { assertNotProduction } from '../write/production-guard';
import type { ProductionGuard } from '../write/production-guard';
import { unlockSeedLock } from '../write/unlock';
import type { LockOptions } from '../write/seed-lock';
import type { UnlockResult } from '../write/unlock';

/** Removes a seed lock no live run holds (see unlockSeedLock), under the production guard. */
export async function unlock(
  db: Db,
  guard: ProductionGuard,
  options: LockOptions & { readonly watchMs?: number } = {},
): Promise<UnlockResult> {
  assertNotProduction(guard, db.databaseName);
  return unlockSeedLock(db, options);
}
