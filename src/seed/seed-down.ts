import type { Db } from 'mongodb';
import type { Settings } from '../config/settings-table';
import type { Logger } from '../logger';
import { pingDatabase } from '../write/connect';
import { assertNotProduction } from '../write/production-guard';
import { removeBatch } from '../write/remove-batch';
import type { RemovedCounts } from '../write/remove-batch';
import { acquireSeedLock } from '../write/seed-lock';
import type { LockHandle } from '../write/seed-lock';
import { isConnectionLoss, seedFailure } from './seed-failure';

/**
 * Removes one batch by its marker, never by regenerating it. Already gone is success, so a
 * `down` interrupted at any point is finished by running it again.
 * With a changelog file the lock is handed over to migrate-mongo's changelog removal.
 */
export async function seedDown(
  db: Db,
  request: { batch: string; changelogFile?: string; settings: Settings },
  logger: Logger,
): Promise<RemovedCounts> {
  const { batch } = request;
  assertNotProduction(request.settings);
  await pingDatabase(db);
  let lock: LockHandle;
  try {
    lock = await acquireSeedLock(db, { command: 'down', batch }, logger);
  } catch (err) {
    throw seedFailure(err, { command: 'down', batch });
  }
  let handedOver = false;
  let failure: unknown;
  try {
    const removed = await removeBatch(db, batch);
    if (request.changelogFile) {
      await lock.handOverToChangelog(request.changelogFile, false);
      handedOver = true;
    }
    return removed;
  } catch (err) {
    failure = err;
    throw seedFailure(err, { command: 'down', batch });
  } finally {
    if (isConnectionLoss(failure)) lock.abandon();
    else if (!handedOver) await lock.release();
  }
}
