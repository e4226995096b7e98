import type { Db } from 'mongodb';
import { batchCounts } from './fault-data';

/**
 * Counts of the batch once they stop changing: a process killed with inserts in flight may
 * still have some applied by the server just after it died.
 */
export async function settledCounts(db: Db): Promise<{ calls: number; logs: number }> {
  let last = await batchCounts(db);
  for (;;) {
    await new Promise((r) => setTimeout(r, 300));
    const now = await batchCounts(db);
    if (now.calls === last.calls && now.logs === last.logs) return now;
    last = now;
  }
}
