import type { Db } from 'mongodb';
import type { Settings } from '../config/settings-table';
import type { Logger } from '../logger';
import { pingDatabase } from '../write/connect';
import { assertNotProduction } from '../write/production-guard';
import { removeBatch } from '../write/remove-batch';
import type { RemovedCounts } from '../write/remove-batch';
import { acquireSeedLock } from '../write/seed-lock';

/**
 * Removes one batch by its marker, never by regenerating it. Already gone is success.
 * With a changelog file the lock is handed over to migrate-mongo's changelog removal.
 */
export async function seedDown(
  db: Db,
  request: { batch: string; changelogFile?: string; settings: Settings },
  logger: Logger,
): Promise<RemovedCounts> {
  assertNotProduction(request.settings);
  await pingDatabase(db);
  const lock = await acquireSeedLock(db, { command: 'down', batch: request.batch }, logger);
  let handedOver = false;
  try {
    const removed = await removeBatch(db, request.batch);
    if (request.changelogFile) {
      await lock.handOverToChangelog(request.changelogFile, false);
      handedOver = true;
    }
    return removed;
  } finally {
    if (!handedOver) await lock.release();
  }
}
