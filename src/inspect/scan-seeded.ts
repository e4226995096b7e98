import type { Collection, Db, Document, Filter } from 'mongodb';
import {
  activityLogSchema,
  BATCH_FIELD,
  callSchema,
  describeIssues,
  withoutMongoId,
} from '../schema/call-schema';
import { ACTIVITY_LOGS, CALLS } from '../write/collections';
import { IdIndexBuilder, TextHashSet } from './id-index';
import type { IdIndex } from './id-index';

/** Only documents carrying a marker are ever treated as seeded. */
export const SEEDED = { [BATCH_FIELD]: { $exists: true } } as const;
const UNMARKED = { [BATCH_FIELD]: { $exists: false } } as const;

export interface Range<T> {
  readonly first: T;
  readonly last: T;
}

/** What one marker holds in both collections. */
export interface BatchFigures {
  readonly batch: string;
  calls: number;
  callIds: Range<number> | null;
  startTime: Range<string> | null;
  logs: number;
  logIds: Range<number> | null;
  /** Seeded logs of this batch whose call (same id, same marker) is gone. */
  logsWithoutCall: number;
  /** Seeded calls of this batch without a seeded log pointing at them. */
  callsWithoutLog: number;
}

export interface CollectionFigures {
  total: number;
  seeded: number;
  /** Documents without a marker: the app's own data, never touched by the seed. */
  unmarked: number;
  /** Highest numeric `id` of any document, 0 when none. */
  highestId: number;
}

export interface Problem {
  readonly count: number;
  /** The first few, one line each. */
  readonly examples: string[];
}

export interface ScanResult {
  readonly collections: { readonly calls: CollectionFigures; readonly activity_logs: CollectionFigures };
  readonly batches: BatchFigures[];
  readonly logsWithoutCall: Problem;
  readonly callsWithoutLog: Problem;
  /** The rest only with `verify`: */
  readonly invalidCalls: Problem;
  readonly invalidLogs: Problem;
  readonly duplicateCallIds: Problem;
  readonly duplicateCallUkeys: Problem;
  readonly duplicateLogIds: Problem;
}

export interface ScanOptions {
  /**
   * verify: seeded documents are read whole and checked against the schema, the app's
   * documents are read for their id/ukey, and duplicates are looked for. Otherwise (stats)
   * one pass per collection reads only ids, markers and start times.
   */
  readonly verify: boolean;
  readonly examples?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** Candidate ukey duplicates looked up one by one; beyond that they are counted only. */
const UKEY_LOOKUPS = 1000;

/**
 * Reads each collection once (stats) or twice (verify: seeded documents whole, the app's by
 * projection) with streaming cursors, and keeps per document only a few bytes in sorted typed
 * arrays. No $lookup and no $min/$max (FerretDB has neither); every count, range, orphan and
 * duplicate comes from these passes, because on FerretDB every query costs a full scan.
 */
export async function scanSeeded(db: Db, options: ScanOptions): Promise<ScanResult> {
  const keep = options.examples ?? 5;
  const calls = db.collection(CALLS);
  const logs = db.collection(ACTIVITY_LOGS);
  const progress = await progressCounter([calls, logs], options.onProgress);

  const batches: BatchFigures[] = [];
  const batchNos = new Map<string, number>();
  const batchOf = (marker: unknown): [number, BatchFigures] => {
    const name = String(marker);
    let no = batchNos.get(name);
    if (no === undefined) {
      no = batches.length;
      batchNos.set(name, no);
      batches.push(emptyBatch(name));
    }
    return [no, batches[no] as BatchFigures];
  };
  const nameOf = (no: number): string => `batch ${(batches[no] as BatchFigures).batch}`;

  const problems = {
    invalidCalls: collector(keep),
    invalidLogs: collector(keep),
    logsWithoutCall: collector(keep),
    callsWithoutLog: collector(keep),
    duplicateCallIds: collector(keep),
    duplicateCallUkeys: collector(keep),
    duplicateLogIds: collector(keep),
  };

  // Calls: figures per batch, the (id, batch) index for the links, ukey hashes for duplicates.
  const callFigures = emptyCollection();
  const callIds = new IdIndexBuilder();
  const callUkeys = new TextHashSet();
  const seededCall = (doc: Document): void => {
    const [no, figures] = batchOf(doc[BATCH_FIELD]);
    figures.calls++;
    figures.callIds = widen(figures.callIds, doc['id']);
    figures.startTime = widenTime(figures.startTime, doc['start_time']);
    callIds.add(doc['id'], no);
    if (!options.verify) return;
    callUkeys.add(doc['ukey']);
    const parsed = callSchema.safeParse(withoutMongoId(doc));
    if (!parsed.success) problems.invalidCalls.add(`call ${describe(doc)}: ${describeIssues(parsed.error)}`);
  };
  const callIndex = await scanCollection(calls, callFigures, options.verify, progress, {
    seeded: seededCall,
    seededProjection: { _id: 0, id: 1, start_time: 1, [BATCH_FIELD]: 1 },
    build: () => {
      callUkeys.seal();
      return callIds.build();
    },
    unmarkedProjection: { _id: 0, id: 1, ukey: 1 },
    unmarked: (doc, seen) => {
      seen.countId(doc['id']);
      if (callUkeys.has(doc['ukey'])) seen.ukeyCandidates.add(doc['ukey'] as string);
    },
  });

  // Logs: figures, links to the calls (marks in the call index), their own ids for duplicates.
  const logFigures = emptyCollection();
  const logIds = new IdIndexBuilder();
  const seededLog = (doc: Document): void => {
    const [no, figures] = batchOf(doc[BATCH_FIELD]);
    figures.logs++;
    figures.logIds = widen(figures.logIds, doc['id']);
    if (!callIndex.index.mark(doc['entity_id'], no)) {
      figures.logsWithoutCall++;
      problems.logsWithoutCall.add(
        `log ${describe(doc)} points at call ${JSON.stringify(doc['entity_id'])}, which is not in that batch`,
      );
    }
    if (!options.verify) return;
    logIds.add(doc['id'], no);
    const parsed = activityLogSchema.safeParse(withoutMongoId(doc));
    if (!parsed.success) problems.invalidLogs.add(`log ${describe(doc)}: ${describeIssues(parsed.error)}`);
  };
  const logIndex = await scanCollection(logs, logFigures, options.verify, progress, {
    seeded: seededLog,
    seededProjection: { _id: 0, id: 1, entity_id: 1, [BATCH_FIELD]: 1 },
    build: () => logIds.build(),
    unmarkedProjection: { _id: 0, id: 1 },
    unmarked: (doc, seen) => seen.countId(doc['id']),
  });

  for (const { id, batchNo } of callIndex.index.unmarked()) {
    const figures = batches[batchNo] as BatchFigures;
    figures.callsWithoutLog++;
    problems.callsWithoutLog.add(`call ${id} of batch ${figures.batch} has no activity log`);
  }
  if (options.verify) {
    reportDuplicateIds(CALLS, callIndex, nameOf, problems.duplicateCallIds);
    reportDuplicateIds(ACTIVITY_LOGS, logIndex, nameOf, problems.duplicateLogIds);
    await reportDuplicateUkeys(calls, callUkeys, callIndex.ukeyCandidates, problems.duplicateCallUkeys);
  }

  batches.sort((a, b) => a.batch.localeCompare(b.batch));
  return {
    collections: { calls: callFigures, activity_logs: logFigures },
    batches,
    invalidCalls: problems.invalidCalls.result(),
    invalidLogs: problems.invalidLogs.result(),
    logsWithoutCall: problems.logsWithoutCall.result(),
    callsWithoutLog: problems.callsWithoutLog.result(),
    duplicateCallIds: problems.duplicateCallIds.result(),
    duplicateCallUkeys: problems.duplicateCallUkeys.result(),
    duplicateLogIds: problems.duplicateLogIds.result(),
  };
}

/** What the app's documents revealed about a collection's seeded ids. */
interface Seen {
  readonly index: IdIndex;
  /** Ids held by seeded documents and by this many of the app's documents. */
  readonly unmarkedIds: Map<number, number>;
  readonly ukeyCandidates: Set<string>;
  countId(id: unknown): void;
}

interface Pass {
  readonly seeded: (doc: Document) => void;
  readonly seededProjection: Document;
  readonly build: () => IdIndex;
  readonly unmarkedProjection: Document;
  readonly unmarked: (doc: Document, seen: Seen) => void;
}

async function scanCollection(
  collection: Collection,
  figures: CollectionFigures,
  verify: boolean,
  tick: () => void,
  pass: Pass,
): Promise<Seen> {
  const count = (doc: Document, seeded: boolean): void => {
    figures.total++;
    if (seeded) figures.seeded++;
    else figures.unmarked++;
    const id: unknown = doc['id'];
    if (typeof id === 'number' && id > figures.highestId) figures.highestId = id;
    tick();
  };
  let seen: Seen;
  if (verify) {
    await eachDoc(collection, SEEDED, undefined, (doc) => {
      count(doc, true);
      pass.seeded(doc);
    });
    seen = newSeen(pass.build());
    await eachDoc(collection, UNMARKED, pass.unmarkedProjection, (doc) => {
      count(doc, false);
      pass.unmarked(doc, seen);
    });
  } else {
    // One pass over everything: on FerretDB a filter costs a full scan anyway.
    await eachDoc(collection, {}, pass.seededProjection, (doc) => {
      const seeded = doc[BATCH_FIELD] !== undefined;
      count(doc, seeded);
      if (seeded) pass.seeded(doc);
    });
    seen = newSeen(pass.build());
  }
  return seen;
}

function newSeen(index: IdIndex): Seen {
  const unmarkedIds = new Map<number, number>();
  return {
    index,
    unmarkedIds,
    ukeyCandidates: new Set<string>(),
    countId(id) {
      if (typeof id === 'number' && index.batchesOf(id).length > 0) {
        unmarkedIds.set(id, (unmarkedIds.get(id) ?? 0) + 1);
      }
    },
  };
}

async function eachDoc(
  collection: Collection,
  filter: Filter<Document>,
  projection: Document | undefined,
  handle: (doc: Document) => void,
): Promise<void> {
  for await (const doc of collection.find(filter, {
    batchSize: 5000,
    ...(projection ? { projection } : {}),
  })) {
    handle(doc);
  }
}

/** Ids held twice among seeded documents, or by a seeded document and one of the app's. */
function reportDuplicateIds(
  collection: string,
  seen: Seen,
  nameOf: (batchNo: number) => string,
  found: ReturnType<typeof collector>,
): void {
  const holders = new Map<number, string[]>();
  for (const { id, batchNos } of seen.index.duplicates()) holders.set(id, batchNos.map(nameOf));
  for (const [id, unmarked] of seen.unmarkedIds) {
    const who = holders.get(id) ?? seen.index.batchesOf(id).map(nameOf);
    holders.set(id, [...who, ...Array<string>(unmarked).fill('unmarked')]);
  }
  for (const [id, who] of [...holders].sort((a, b) => a[0] - b[0])) {
    found.add(`${collection}.id ${id} is held by ${who.length} documents (${who.join(', ')})`);
  }
}

/** ukeys by hash: candidates (a hash seen twice) are confirmed against the stored values. */
async function reportDuplicateUkeys(
  calls: Collection,
  seededUkeys: TextHashSet,
  candidates: Set<string>,
  found: ReturnType<typeof collector>,
): Promise<void> {
  const values = new Set(candidates);
  if (seededUkeys.hasRepeats()) {
    // Rare: only then one more pass, grouping with $sum (the accumulator FerretDB has).
    const repeated = calls.aggregate<{ _id: unknown }>(
      [{ $match: SEEDED }, { $group: { _id: '$ukey', n: { $sum: 1 } } }, { $match: { n: { $gt: 1 } } }],
      { allowDiskUse: true },
    );
    for await (const group of repeated) if (typeof group._id === 'string') values.add(group._id);
  }
  let looked = 0;
  for (const ukey of [...values].sort()) {
    if (looked++ >= UKEY_LOOKUPS) {
      found.add(`... ${values.size - UKEY_LOOKUPS} more possible ukey duplicates not examined`);
      break;
    }
    const holders = await calls.find({ ukey }, { projection: { _id: 0, [BATCH_FIELD]: 1 } }).toArray();
    if (holders.length < 2 || holders.every((h) => h[BATCH_FIELD] === undefined)) continue;
    const who = holders.map((h) =>
      h[BATCH_FIELD] === undefined ? 'unmarked' : `batch ${String(h[BATCH_FIELD])}`,
    );
    found.add(
      `calls.ukey ${JSON.stringify(ukey)} is held by ${holders.length} documents (${who.join(', ')})`,
    );
  }
}

/**
 * Progress over every document of the collections. The total comes from $collStats, which
 * answers from metadata (count and estimatedDocumentCount scan the whole collection on
 * FerretDB); without it there is no progress display.
 */
async function progressCounter(
  collections: readonly Collection[],
  onProgress: ((done: number, total: number) => void) | undefined,
): Promise<() => void> {
  if (!onProgress) return () => undefined;
  let total = 0;
  for (const collection of collections) {
    try {
      const [stats] = await collection
        .aggregate<{ count?: number }>([{ $collStats: { count: {} } }])
        .toArray();
      total += stats?.count ?? 0;
    } catch {
      return () => undefined; // the collection does not exist yet, or $collStats is not allowed
    }
  }
  let done = 0;
  return () => {
    done++;
    if (done % 1000 === 0) onProgress(Math.min(done, total), total);
  };
}

function emptyBatch(batch: string): BatchFigures {
  return {
    batch,
    calls: 0,
    callIds: null,
    startTime: null,
    logs: 0,
    logIds: null,
    logsWithoutCall: 0,
    callsWithoutLog: 0,
  };
}

function emptyCollection(): CollectionFigures {
  return { total: 0, seeded: 0, unmarked: 0, highestId: 0 };
}

function describe(doc: Document): string {
  return `${JSON.stringify(doc['id'])} of batch ${String(doc[BATCH_FIELD])}`;
}

function widen(range: Range<number> | null, value: unknown): Range<number> | null {
  if (typeof value !== 'number') return range;
  if (!range) return { first: value, last: value };
  return { first: Math.min(range.first, value), last: Math.max(range.last, value) };
}

/** Oldest/newest by instant, keeping the stored text (formats with offsets compare correctly). */
function widenTime(range: Range<string> | null, value: unknown): Range<string> | null {
  if (typeof value !== 'string') return range;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return range;
  if (!range) return { first: value, last: value };
  return {
    first: ms < Date.parse(range.first) ? value : range.first,
    last: ms > Date.parse(range.last) ? value : range.last,
  };
}

export function collector(keep: number): { add(line: string): void; result(): Problem } {
  let count = 0;
  const examples: string[] = [];
  return {
    add(line) {
      count++;
      if (examples.length < keep) examples.push(line);
    },
    result: () => ({ count, examples }),
  };
}
