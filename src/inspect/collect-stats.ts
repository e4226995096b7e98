import type { Db } from 'mongodb';
import { ACTIVITY_LOGS, CALLS } from '../write/collections';
import { scanSeeded, SEEDED } from './scan-seeded';
import type { BatchFigures } from './scan-seeded';

export interface CollectionFigures {
  readonly total: number;
  readonly seeded: number;
  /** Documents without a marker: the app's own data, never touched by the seed. */
  readonly unmarked: number;
}

export interface Stats {
  readonly collections: { readonly calls: CollectionFigures; readonly activity_logs: CollectionFigures };
  readonly batches: readonly BatchFigures[];
  readonly orphans: { readonly logsWithoutCall: number; readonly callsWithoutLog: number };
}

/** Totals per collection, then everything per marker from one projected pass (see scanSeeded). */
export async function collectStats(
  db: Db,
  onProgress?: (done: number, total: number) => void,
): Promise<Stats> {
  const [calls, activityLogs] = await Promise.all([figuresOf(db, CALLS), figuresOf(db, ACTIVITY_LOGS)]);
  const scan = await scanSeeded(db, {
    validate: false,
    examples: 0,
    counts: { calls: calls.seeded, logs: activityLogs.seeded },
    ...(onProgress ? { onProgress } : {}),
  });
  return {
    collections: { calls, activity_logs: activityLogs },
    batches: scan.batches,
    orphans: { logsWithoutCall: scan.logsWithoutCall.count, callsWithoutLog: scan.callsWithoutLog.count },
  };
}

async function figuresOf(db: Db, name: string): Promise<CollectionFigures> {
  const collection = db.collection(name);
  const [total, seeded] = await Promise.all([
    collection.countDocuments({}),
    collection.countDocuments(SEEDED),
  ]);
  return { total, seeded, unmarked: total - seeded };
}

/** Markers and their call counts, for the cleanup menu: one $group with $sum (FerretDB has it). */
export async function listBatches(db: Db): Promise<{ batch: string; calls: number }[]> {
  const rows = await db
    .collection(CALLS)
    .aggregate<{ _id: unknown; calls: number }>([
      { $match: SEEDED },
      { $group: { _id: `$seed_batch`, calls: { $sum: 1 } } },
    ])
    .toArray();
  return rows
    .map((r) => ({ batch: String(r._id), calls: r.calls }))
    .sort((a, b) => a.batch.localeCompare(b.batch));
}
