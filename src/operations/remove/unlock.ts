import type { Db } from 'mongodb';
import { assertNotProduction } from '../../write/production-guard';
import type { ProductionGuard } from '../../write/production-guard';
import { unlockSeedLock } from '../../write/lock/unlock';
import type { LockOptions } from '../../write/lock/seed-lock';
import type { UnlockResult } from '../../write/lock/unlock';

/** Removes a seed lock no live run holds (see unlockSeedLock), under the production guard. */
export async function unlock(
  db: Db,
  guard: ProductionGuard,
  options: LockOptions & { readonly watchMs?: number } = {},
): Promise<UnlockResult> {
  assertNotProduction(guard, db.databaseName);
  return unlockSeedLock(db, options);
}
