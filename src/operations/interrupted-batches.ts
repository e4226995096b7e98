import type { Db } from 'mongodb';
import { SafetyError } from '../errors';
import type { Logger } from '../logger';
import { ACTIVITY_LOGS, BATCH_FIELD, CALLS } from '../write/collections';
import type { ProductionGuard } from '../write/production-guard';
import { removeBatch } from '../write/remove-batch';
import { runGuarded } from './guarded-operation';
import { lifecycleEmitter } from './lifecycle';

/** Seed files of a migrations folder that migrate-mongo's changelog does not list, as markers. */
export async function unappliedMarkers(
  db: Db,
  changelogCollection: string,
  seedFiles: readonly string[],
): Promise<string[]> {
  const applied = new Set(
    (
      await db
        .collection(changelogCollection)
        .find({}, { projection: { _id: 0, fileName: 1 } })
        .toArray()
    ).map((e) => e['fileName'] as unknown),
  );
  return seedFiles.filter((f) => !applied.has(f)).map(markerOf);
}

/** A seed file's batch marker: its file name without extension. */
export function markerOf(fileName: string): string {
  return fileName.replace(/\.[^.]+$/, '');
}

/**
 * Removes what interrupted `up` runs left: documents marked with the batch of a seed file
 * that the changelog does not list. migrate-mongo's `down` only undoes applied files, so
 * without this a `down` after a crash would leave the partial batch in place. Called under
 * the seed lock (a running `up` holds it, so its batch is never touched) and only by marker,
 * so nothing else can be deleted. Returns the batches it cleaned.
 */
export async function removeInterrupted(
  db: Db,
  markers: readonly string[],
  logger: Logger,
): Promise<string[]> {
  if (!(await anyMarked(db, markers))) return [];
  return removeMarked(db, markers, logger);
}

/** Whether any document carries one of these markers (one indexed-or-scanned lookup per collection). */
async function anyMarked(db: Db, markers: readonly string[]): Promise<boolean> {
  if (markers.length === 0) return false;
  const marked = { [BATCH_FIELD]: { $in: [...markers] } };
  const [calls, logs] = await Promise.all([
    db.collection(CALLS).findOne(marked, { projection: { _id: 1 } }),
    db.collection(ACTIVITY_LOGS).findOne(marked, { projection: { _id: 1 } }),
  ]);
  return Boolean(calls ?? logs);
}

async function removeMarked(db: Db, markers: readonly string[], logger: Logger): Promise<string[]> {
  const cleaned: string[] = [];
  for (const batch of markers) {
    const removed = await removeBatch(db, batch);
    if (removed.calls + removed.logs === 0) continue;
    cleaned.push(batch);
    logger.info(
      `removed ${removed.calls} calls and ${removed.logs} activity logs left by an interrupted up of ${batch} (not applied)`,
    );
  }
  return cleaned;
}

/**
 * removeInterrupted as an operation of its own. Looked up first without the lock, so a
 * `down` with nothing to recover needs neither the lock nor the production guard.
 */
export async function recoverInterruptedBatches(request: {
  readonly db: Db;
  readonly markers: readonly string[];
  readonly guard: ProductionGuard;
  readonly logger: Logger;
}): Promise<string[]> {
  const { db, markers, logger } = request;
  if (!(await anyMarked(db, markers))) return [];
  const options = {
    db,
    command: 'recover',
    batch: markers.join(','),
    guard: request.guard,
    logger,
    emit: lifecycleEmitter(undefined),
  } as const;
  return runGuarded(options, () => removeMarked(db, markers, logger)).catch((err: unknown) => {
    throw err instanceof SafetyError && err.code === 'LOCK_HELD'
      ? new SafetyError(`cannot remove the partial batch now: ${err.message}`, {
          code: 'LOCK_HELD',
          batch: options.batch,
          ...(err.holder ? { holder: err.holder } : {}),
        })
      : err;
  });
}
