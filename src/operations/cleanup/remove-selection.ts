import type { Db } from 'mongodb';
import { SafetyError } from '../../errors';
import type { Logger } from '../../logger';
import { ACTIVITY_LOGS, CALLS } from '../../write/collections';
import type { ProductionGuard } from '../../write/production-guard';
import { deleteAll, removeBatch } from '../../write/remove-batch';
import type { RemovedCounts } from '../../write/remove-batch';
import { runGuarded } from '../guarded-operation';
import { markerOf } from '../interrupted-batches';
import { lifecycleEmitter } from '../lifecycle';
import type { CleanupPlan } from './cleanup-selection';

/**
 * Deletes what a plan showed, through the guarded operation. The counts are taken again
 * once the lock is held: if they differ from what the user confirmed (a seed ran
 * meanwhile), nothing is deleted. Logs go first, so an interruption leaves at worst calls
 * without logs, which `verify` reports and a second cleanup removes.
 */
export async function removeSelection(
  db: Db,
  plan: CleanupPlan,
  guard: ProductionGuard,
  logger: Logger,
): Promise<RemovedCounts> {
  const options = {
    db,
    command: 'cleanup',
    batch: plan.description,
    guard,
    logger,
    emit: lifecycleEmitter(undefined),
  } as const;
  return runGuarded(options, async () => {
    const [calls, logs] = await Promise.all([
      db.collection(CALLS).countDocuments(plan.callFilter),
      db.collection(ACTIVITY_LOGS).countDocuments(plan.logFilter),
    ]);
    if (calls !== plan.calls || logs !== plan.logs) {
      throw new SafetyError(
        `the selection changed after it was shown (${plan.calls} calls, ${plan.logs} logs then; ${calls} calls, ${logs} logs now); nothing deleted, run cleanup again`,
        { code: 'SELECTION_CHANGED' },
      );
    }
    if (plan.selection.kind === 'batch') return removeBatch(db, plan.selection.batch);
    // deleteAll: one deleteMany, split only where FerretDB/SQLite limits the matches per delete.
    const removedLogs = await deleteAll(db.collection(ACTIVITY_LOGS), plan.logFilter);
    const removedCalls = await deleteAll(db.collection(CALLS), plan.callFilter);
    return { calls: removedCalls, logs: removedLogs };
  });
}

/**
 * A batch removed by cleanup may still be recorded as applied by migrate-mongo (its seed
 * file); then `migrate up` will not insert it again until `migrate down` clears the entry.
 */
export async function appliedSeedFileOf(
  db: Db,
  changelogCollection: string,
  batch: string,
): Promise<string | undefined> {
  const entries = await db
    .collection(changelogCollection)
    .find({}, { projection: { _id: 0, fileName: 1 } })
    .toArray();
  const names = entries.map((e): unknown => e['fileName']).filter((n): n is string => typeof n === 'string');
  return names.find((name) => markerOf(name) === batch);
}
