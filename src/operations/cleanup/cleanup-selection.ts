import type { Db, Filter, Document } from 'mongodb';
import { ConfigError } from '../../errors';
import { ACTIVITY_LOGS, CALLS } from '../../datasets/crm-calls';
import { BATCH_FIELD } from '../../schema/marker';
import { findBatch, legacyScanDone, scanLegacyBatches } from '../../write/batch-registry';
import type { BatchEntry } from '../../write/batch-registry';

/** What to remove: one marker, a range of call ids, or the newest n seeded calls. */
export type Selection =
  | { readonly kind: 'batch'; readonly batch: string }
  | { readonly kind: 'ids'; readonly from: number; readonly to: number }
  | { readonly kind: 'last'; readonly count: number };

/** How many documents of one collection a selection matches. */
export interface CollectionCount {
  readonly name: string;
  readonly count: number;
}

/** A selection resolved into what it matches now, per collection in write order (parents first). */
export interface CleanupPlan {
  readonly selection: Selection;
  readonly description: string;
  readonly counts: readonly CollectionCount[];
  /** The filter per collection of an id or last-n selection (calls and their logs only). */
  readonly filters?: Readonly<Record<string, Filter<Document>>>;
}

export function totalOf(plan: Pick<CleanupPlan, 'counts'>): number {
  return plan.counts.reduce((sum, c) => sum + c.count, 0);
}

const MAX_ID = 2 ** 53 - 1;

/** Only documents carrying a marker are ever treated as seeded. */
const SEEDED = { [BATCH_FIELD]: { $exists: true } } as const;

/** "100-250" (or a single id "100"), both ends included. */
export function parseIdRange(text: string, name = '--ids'): { from: number; to: number } {
  const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
  const from = Number(match?.[1]);
  const to = Number(match?.[2] ?? match?.[1]);
  if (!match || !Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 1 || from > to) {
    throw new ConfigError(
      `${name} must be a call id range <from>-<to> such as 1001-1500, from <= to (got "${text}")`,
      { code: 'BAD_INPUT' },
    );
  }
  return { from, to };
}

export function parseCount(text: string, name = '--last'): number {
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new ConfigError(`${name} must be a whole number of calls, 1 or more (got "${text}")`, {
      code: 'BAD_INPUT',
    });
  }
  return n;
}

/**
 * Resolves a selection. A batch is looked up in the batch registry (any dataset, no scan;
 * batches older than the registry through its one legacy scan, read only here). Ids and
 * last-n are for the calls dataset: every filter requires a marker (`seed_batch:
 * {$exists: true}`), so unmarked documents can never match, and a call's logs are the
 * seeded logs pointing at it (entity_id), so exactly the selected calls and their logs go.
 */
export async function planCleanup(db: Db, selection: Selection): Promise<CleanupPlan> {
  switch (selection.kind) {
    case 'batch': {
      const entry = await registeredBatch(db, selection.batch);
      const counts = (entry?.collections ?? []).map(({ name, count }) => ({ name, count }));
      return { selection, description: `batch "${selection.batch}"`, counts };
    }
    case 'ids':
      return idPlan(
        db,
        selection,
        `seeded calls with ids ${selection.from}..${selection.to}`,
        selection.from,
        selection.to,
      );
    case 'last': {
      // The n-th highest seeded id is the threshold; everything seeded from there up is "the newest n".
      const [nth] = await db
        .collection(CALLS)
        .find(SEEDED, { projection: { _id: 0, id: 1 } })
        .sort({ id: -1 })
        .skip(selection.count - 1)
        .limit(1)
        .toArray();
      const from = typeof nth?.['id'] === 'number' ? nth['id'] : 1;
      return idPlan(
        db,
        selection,
        `the newest ${selection.count} seeded calls (ids ${from} and up)`,
        from,
        MAX_ID,
      );
    }
  }
}

/** A batch's registry entry; before the registry's first legacy scan, what that scan would find. */
export async function registeredBatch(db: Db, batch: string): Promise<BatchEntry | undefined> {
  const entry = await findBatch(db, batch);
  if (entry || (await legacyScanDone(db))) return entry;
  return (await scanLegacyBatches(db, 'read-only')).find((e) => e._id === batch);
}

async function idPlan(
  db: Db,
  selection: Selection,
  description: string,
  from: number,
  to: number,
): Promise<CleanupPlan> {
  const filters = {
    [CALLS]: { ...SEEDED, id: { $gte: from, $lte: to } },
    [ACTIVITY_LOGS]: { ...SEEDED, entity_type: 'call', entity_id: { $gte: from, $lte: to } },
  };
  const counts = await countFiltered(db, filters);
  return { selection, description, counts, filters };
}

export async function countFiltered(
  db: Db,
  filters: Readonly<Record<string, Filter<Document>>>,
): Promise<CollectionCount[]> {
  return Promise.all(
    Object.entries(filters).map(async ([name, filter]) => ({
      name,
      count: await db.collection(name).countDocuments(filter),
    })),
  );
}
