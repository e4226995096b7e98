import type { Db, Filter, Document } from 'mongodb';
import { ConfigError } from '../../errors';
import { SEEDED } from '../../inspect/scan-seeded';
import { ACTIVITY_LOGS, BATCH_FIELD, CALLS } from '../../write/collections';

/** What to remove: one marker, a range of call ids, or the newest n seeded calls. */
export type Selection =
  | { readonly kind: 'batch'; readonly batch: string }
  | { readonly kind: 'ids'; readonly from: number; readonly to: number }
  | { readonly kind: 'last'; readonly count: number };

/** A selection resolved into filters and what they match now. */
export interface CleanupPlan {
  readonly selection: Selection;
  readonly description: string;
  readonly callFilter: Filter<Document>;
  readonly logFilter: Filter<Document>;
  readonly calls: number;
  readonly logs: number;
}

const MAX_ID = 2 ** 53 - 1;

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
 * Turns a selection into filters. Every filter requires a marker: by batch the exact
 * marker, otherwise `seed_batch: {$exists: true}`, so unmarked documents can never match.
 * A call's logs are the seeded logs pointing at it (entity_id), so "by ids" and "newest n"
 * remove exactly the selected calls and their logs.
 */
export async function planCleanup(db: Db, selection: Selection): Promise<CleanupPlan> {
  let description: string;
  let callFilter: Filter<Document>;
  let logFilter: Filter<Document>;
  switch (selection.kind) {
    case 'batch': {
      description = `batch "${selection.batch}"`;
      callFilter = { [BATCH_FIELD]: { $eq: selection.batch } };
      logFilter = callFilter;
      break;
    }
    case 'ids': {
      description = `seeded calls with ids ${selection.from}..${selection.to}`;
      ({ callFilter, logFilter } = idFilters(selection.from, selection.to));
      break;
    }
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
      description = `the newest ${selection.count} seeded calls (ids ${from} and up)`;
      ({ callFilter, logFilter } = idFilters(from, MAX_ID));
      break;
    }
  }
  const [calls, logs] = await Promise.all([
    db.collection(CALLS).countDocuments(callFilter),
    db.collection(ACTIVITY_LOGS).countDocuments(logFilter),
  ]);
  return { selection, description, callFilter, logFilter, calls, logs };
}

function idFilters(from: number, to: number): { callFilter: Filter<Document>; logFilter: Filter<Document> } {
  return {
    callFilter: { ...SEEDED, id: { $gte: from, $lte: to } },
    logFilter: { ...SEEDED, entity_type: 'call', entity_id: { $gte: from, $lte: to } },
  };
}
