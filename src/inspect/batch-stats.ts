import type { Db } from 'mongodb';
import { BATCH_FIELD } from '../schema/marker';
import { indexedFields } from '../write/ids/existing-ids';
import { metadataCount } from '../write/connection/server-quirks';
import { listBatches } from '../write/registry/batch-registry';
import { ownDocuments, proofOf } from '../write/removal/remove-batch';
import type { BatchEntry } from '../write/registry/batch-registry';

export interface CollectionTotals {
  /** Registered documents of every batch. */
  readonly seeded: number;
  /** With `totals`: every document, from metadata. */
  readonly total?: number;
  /** With `totals`: documents without a marker, the app's own data, never touched by the seed. */
  readonly unmarked?: number;
}

export interface BatchStats {
  readonly batch: string;
  /** complete; writing: interrupted, or being written now (counted, not read from the registry). */
  readonly state: 'writing' | 'complete';
  readonly seedFile: string | undefined;
  readonly startedAt: Date;
  readonly finishedAt: Date | undefined;
  /** Inferred from markers by an earlier version's scan: no proof of origin, never removed automatically. */
  readonly legacy: boolean;
  readonly collections: readonly {
    readonly name: string;
    readonly count: number;
    readonly first?: unknown;
    readonly last?: unknown;
  }[];
}

export interface Stats {
  /** Where the figures come from: the batch registry (and counts for unfinished batches). */
  readonly source: string;
  readonly collections: Readonly<Record<string, CollectionTotals>>;
  readonly batches: readonly BatchStats[];
  /**
   * Per collection a batch wrote, the fields without an index that would make `up` and `down`
   * O(batch) on MongoDB (`id` for the highest id, `seed_batch` for the removal's own count).
   */
  readonly missingIndexes: Readonly<Record<string, readonly string[]>>;
}

/** The fields whose indexes keep up and down proportional to the batch, not to the collection. */
export const USEFUL_INDEXES = ['id', BATCH_FIELD] as const;

/**
 * Per-batch figures from the batch registry, without reading the collections: one document
 * per batch (and, with `totals`, a metadata count per collection). Only batches still marked "writing"
 * (interrupted, or running now) are counted, since their registered counts are what they
 * were to write. `collections` are listed even when no batch wrote them (a dataset's own).
 */
export async function collectStats(
  db: Db,
  options: { totals?: boolean; collections?: readonly string[] } = {},
): Promise<Stats> {
  const entries = await listBatches(db);
  const source = 'the batch registry (seed_batches); `crm-seed verify` reads every document';
  const batches = await Promise.all(entries.map((entry) => batchStats(db, entry)));
  const names = [
    ...new Set([...(options.collections ?? []), ...batches.flatMap((b) => b.collections.map((c) => c.name))]),
  ];
  const collections: Record<string, CollectionTotals> = {};
  for (const name of names) {
    const seeded = batches.reduce(
      (sum, b) => sum + (b.collections.find((c) => c.name === name)?.count ?? 0),
      0,
    );
    // Totals come from metadata, which FerretDB still computes from the table: about 1 s per million documents.
    const total = options.totals ? await metadataCount(db, name) : undefined;
    collections[name] =
      total === undefined ? { seeded } : { seeded, total, unmarked: Math.max(0, total - seeded) };
  }
  const missingIndexes: Record<string, string[]> = {};
  for (const name of new Set(batches.flatMap((b) => b.collections.map((c) => c.name)))) {
    const indexed = await indexedFields(db.collection(name));
    const missing = USEFUL_INDEXES.filter((f) => !indexed.has(f));
    if (missing.length > 0) missingIndexes[name] = missing;
  }
  return { source, collections, batches, missingIndexes };
}

async function batchStats(db: Db, entry: BatchEntry): Promise<BatchStats> {
  const counted =
    entry.state === 'writing'
      ? await Promise.all(
          entry.collections.map(async (c) => ({
            ...c,
            count: await db.collection(c.name).countDocuments(ownDocuments(proofOf(entry), c)),
          })),
        )
      : entry.collections;
  return {
    batch: entry._id,
    state: entry.state,
    seedFile: entry.seedFile,
    startedAt: entry.startedAt,
    finishedAt: entry.finishedAt,
    legacy: entry.legacy === true,
    collections: counted.map(({ name, count, first, last }) => ({ name, count, first, last })),
  };
}
