import type { Db } from 'mongodb';
import type { Settings } from '../config/settings-table';
import { SafetyError } from '../errors';
import type { Logger } from '../logger';
import { ACTIVITY_LOGS, CALLS, CHANGELOG } from '../write/collections';
import { pingDatabase } from '../write/connect';
import { assertNotProduction } from '../write/production-guard';
import { deleteAll, removeBatch } from '../write/remove-batch';
import type { RemovedCounts } from '../write/remove-batch';
import { acquireSeedLock } from '../write/seed-lock';
import { isConnectionLoss } from '../seed/seed-failure';
import type { CleanupPlan } from './cleanup-selection';

/**
 * Deletes what a plan showed, under the seed lock. The counts are taken again once the lock
 * is held: if they differ from what the user confirmed (a seed ran meanwhile), nothing is
 * deleted. Logs go first, so an interruption leaves at worst calls without logs, which
 * `verify` reports and a second cleanup removes.
 */
export async function removeSelection(
  db: Db,
  plan: CleanupPlan,
  settings: Settings,
  logger: Logger,
): Promise<RemovedCounts> {
  assertNotProduction(settings);
  await pingDatabase(db);
  const lock = await acquireSeedLock(db, { command: 'cleanup', batch: plan.description }, logger);
  let failure: unknown;
  try {
    const [calls, logs] = await Promise.all([
      db.collection(CALLS).countDocuments(plan.callFilter),
      db.collection(ACTIVITY_LOGS).countDocuments(plan.logFilter),
    ]);
    if (calls !== plan.calls || logs !== plan.logs) {
      throw new SafetyError(
        `the selection changed after it was shown (${plan.calls} calls, ${plan.logs} logs then; ${calls} calls, ${logs} logs now); nothing deleted, run cleanup again`,
      );
    }
    if (plan.selection.kind === 'batch') return await removeBatch(db, plan.selection.batch);
    // deleteAll: one deleteMany, split only where FerretDB/SQLite limits the matches per delete.
    const removedLogs = await deleteAll(db.collection(ACTIVITY_LOGS), plan.logFilter);
    const removedCalls = await deleteAll(db.collection(CALLS), plan.callFilter);
    return { calls: removedCalls, logs: removedLogs };
  } catch (err) {
    failure = err;
    throw err;
  } finally {
    // With the server gone the lock cannot be released; its heartbeat stops and others take over.
    if (isConnectionLoss(failure)) lock.abandon();
    else await lock.release();
  }
}

/**
 * A batch removed by cleanup may still be recorded as applied by migrate-mongo (its seed
 * file); then `migrate up` will not insert it again until `migrate down` clears the entry.
 */
export async function appliedSeedFileOf(db: Db, batch: string): Promise<string | undefined> {
  const entries = await db
    .collection(CHANGELOG)
    .find({}, { projection: { _id: 0, fileName: 1 } })
    .toArray();
  const names = entries.map((e): unknown => e['fileName']).filter((n): n is string => typeof n === 'string');
  return names.find((name) => name.replace(/\.[^.]+$/, '') === batch);
}
