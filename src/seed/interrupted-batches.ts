import type { Db } from 'mongodb';
import type { Settings } from '../config/settings-table';
import { SafetyError } from '../errors';
import type { Logger } from '../logger';
import { ACTIVITY_LOGS, BATCH_FIELD, CALLS, CHANGELOG } from '../write/collections';
import { assertNotProduction } from '../write/production-guard';
import { removeBatch } from '../write/remove-batch';
import { acquireSeedLock } from '../write/seed-lock';
import { seedFailure } from './seed-failure';

/**
 * Removes what interrupted `up` runs left: documents marked with a seed file's batch while
 * the changelog has no entry for that file. migrate-mongo's `down` only undoes applied
 * files, so without this a `down` after a crash would leave the partial batch in place.
 * Taken under the seed lock (a running `up` holds it, so its batch is never touched) and
 * only by marker, so nothing else can be deleted. Returns the batches it cleaned.
 */
export async function removeInterruptedBatches(
  db: Db,
  seedFiles: readonly string[],
  settings: Settings,
  logger: Logger,
): Promise<string[]> {
  const applied = new Set(
    (
      await db
        .collection(CHANGELOG)
        .find({}, { projection: { _id: 0, fileName: 1 } })
        .toArray()
    ).map((e) => e['fileName'] as unknown),
  );
  const pending = seedFiles.filter((f) => !applied.has(f)).map((f) => f.replace(/\.[^.]+$/, ''));
  if (pending.length === 0) return [];
  const marked = { [BATCH_FIELD]: { $in: pending } };
  const [calls, logs] = await Promise.all([
    db.collection(CALLS).findOne(marked, { projection: { _id: 1 } }),
    db.collection(ACTIVITY_LOGS).findOne(marked, { projection: { _id: 1 } }),
  ]);
  if (!calls && !logs) return [];

  assertNotProduction(settings);
  const lock = await acquireSeedLock(db, { command: 'down', batch: pending.join(',') }, logger).catch(
    (err: unknown) => {
      throw err instanceof SafetyError
        ? new SafetyError(`cannot remove the partial batch now: ${err.message}`)
        : seedFailure(err, { command: 'down', batch: pending.join(',') });
    },
  );
  const cleaned: string[] = [];
  try {
    for (const batch of pending) {
      const removed = await removeBatch(db, batch);
      if (removed.calls + removed.logs === 0) continue;
      cleaned.push(batch);
      logger.info(
        `removed ${removed.calls} calls and ${removed.logs} activity logs left by an interrupted up of ${batch} (not applied)`,
      );
    }
    return cleaned;
  } catch (err) {
    throw seedFailure(err, { command: 'down', batch: pending.join(',') });
  } finally {
    await lock.release();
  }
}
