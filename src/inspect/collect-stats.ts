import type { Db } from 'mongodb';
import { CALLS } from '../write/collections';
import { scanSeeded, SEEDED } from './scan-seeded';
import type { BatchFigures } from './scan-seeded';

export interface CollectionTotals {
  readonly total: number;
  readonly seeded: number;
  /** Documents without a marker: the app's own data, never touched by the seed. */
  readonly unmarked: number;
}

export interface Stats {
  readonly collections: { readonly calls: CollectionTotals; readonly activity_logs: CollectionTotals };
  readonly batches: readonly BatchFigures[];
  readonly orphans: { readonly logsWithoutCall: number; readonly callsWithoutLog: number };
}

/** Totals per collection and everything per marker, from one projected pass per collection. */
export async function collectStats(
  db: Db,
  onProgress?: (done: number, total: number) => void,
): Promise<Stats> {
  const scan = await scanSeeded(db, { verify: false, examples: 0, ...(onProgress ? { onProgress } : {}) });
  const totals = ({ total, seeded, unmarked }: CollectionTotals): CollectionTotals => ({
    total,
    seeded,
    unmarked,
  });
  return {
    collections: {
      calls: totals(scan.collections.calls),
      activity_logs: totals(scan.collections.activity_logs),
    },
    batches: scan.batches,
    orphans: { logsWithoutCall: scan.logsWithoutCall.count, callsWithoutLog: scan.callsWithoutLog.count },
  };
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
