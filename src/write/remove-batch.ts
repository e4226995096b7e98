import type { Db } from 'mongodb';
import { ACTIVITY_LOGS, BATCH_FIELD, CALLS } from './collections';

export interface RemovedCounts {
  readonly calls: number;
  readonly logs: number;
}

/**
 * Deletes a batch by its marker: one deleteMany per collection, whatever the size. Only
 * documents carrying exactly this marker match, so nothing foreign can be touched.
 */
export async function removeBatch(db: Db, batch: string): Promise<RemovedCounts> {
  const filter = { [BATCH_FIELD]: { $eq: batch } };
  // Logs first: an interruption leaves calls without logs, which `verify` reports and a rerun removes.
  const logs = await db.collection(ACTIVITY_LOGS).deleteMany(filter);
  const calls = await db.collection(CALLS).deleteMany(filter);
  return { calls: calls.deletedCount, logs: logs.deletedCount };
}
