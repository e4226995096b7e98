import { hostname } from 'node:os';
import type { Db, ObjectId } from 'mongodb';
import { isObjectId } from '../../generate/object-ids';
import { SafetyError } from '../../errors';
import { BATCH_FIELD } from '../../schema/marker';
import { TOOL_VERSION } from '../../version';
import { SEED_BATCHES, STATE_ROLES } from './collections';
import {
  arrayOf,
  boolean,
  date,
  either,
  finite,
  integer,
  object,
  oneOf,
  optional,
  shapeProblem,
  string,
} from './stored-shape';
import type { Check } from './stored-shape';

/** One document per batch: what it wrote, so removal, recovery and stats need no scan. */
export { SEED_BATCHES };

/** Recorded by earlier versions' one scan for markers; markers can never have this form. */
const LEGACY_SCAN_ID = '#legacy-scan';

export interface RegisteredCollection {
  readonly name: string;
  readonly count: number;
  readonly ids: 'counter' | 'objectId';
  /** First and last id (counter) or _id (objectId) of the batch in this collection; absent when empty. */
  readonly first?: number | ObjectId | undefined;
  readonly last?: number | ObjectId | undefined;
  /** The batch created the collection (it did not exist before): dropped with the batch when left empty. */
  readonly created?: boolean | undefined;
}

export interface BatchEntry {
  /** The batch marker (seed_batch). */
  readonly _id: string;
  readonly state: 'writing' | 'complete';
  /** In write order: parents before children. */
  readonly collections: readonly RegisteredCollection[];
  readonly seedFile?: string | undefined;
  /**
   * The migrations folder (real path) the seed file was applied from: with the changelog in
   * `owner`, which repository's seed file it is (two repositories may share one changelog).
   * Absent on entries of earlier versions.
   */
  readonly seedFolder?: string | undefined;
  /** The seed file's sha256 when it was applied (migrate-mongo's useFileHash hash): whether it changed since. */
  readonly seedFileHash?: string | undefined;
  readonly seed?: number | undefined;
  readonly refDate?: Date | undefined;
  readonly startedAt: Date;
  readonly finishedAt?: Date | undefined;
  readonly toolVersion: string;
  readonly host: string;
  readonly pid: number;
  /**
   * The run that wrote the batch: completion and removal of the entry are conditional on it,
   * and (when `stamped`) every document of the batch carries it as its `seed_run`.
   */
  readonly runId: string;
  /** Every document carries `seed_run: runId`; absent on entries of versions before run identities. */
  readonly stamped?: boolean | undefined;
  /**
   * Where the batch was recorded, and so who may recover, replace or remove it:
   * `changelog:<collection>` (a seed file applied through that migrate-mongo changelog),
   * `script:<namespace>` (seedCalls/seedBatch), `import` (crm-seed import). Absent on entries
   * of earlier versions.
   */
  readonly owner?: string | undefined;
  /**
   * Inferred by earlier versions from a scan for markers, not recorded by the run that wrote
   * the documents: no proof of origin, so never removed automatically.
   */
  readonly legacy?: boolean | undefined;
}

export type NewEntry = Omit<
  BatchEntry,
  'state' | 'startedAt' | 'toolVersion' | 'host' | 'pid' | 'finishedAt' | 'stamped' | 'legacy'
> & { readonly owner: string };

/** Records a batch as being written, before its first document (a crash leaves it "writing"). */
export async function registerBatch(db: Db, entry: NewEntry, now: Date): Promise<void> {
  const doc: BatchEntry = {
    ...entry,
    stamped: true,
    state: 'writing',
    startedAt: now,
    toolVersion: TOOL_VERSION,
    host: hostname(),
    pid: process.pid,
  };
  // Undefined fields would be stored as null.
  const defined = Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined)) as BatchEntry;
  await db.collection<BatchEntry>(SEED_BATCHES).replaceOne({ _id: entry._id }, defined, { upsert: true });
}

export async function completeBatch(db: Db, batch: string, runId: string, now: Date): Promise<void> {
  await db
    .collection<BatchEntry>(SEED_BATCHES)
    .updateOne({ _id: batch, runId }, { $set: { state: 'complete', finishedAt: now } });
}

/** Records new counts for a batch some of whose documents were removed (a cleanup by ids). */
export async function setCollections(
  db: Db,
  batch: string,
  collections: readonly RegisteredCollection[],
): Promise<void> {
  await db.collection<BatchEntry>(SEED_BATCHES).updateOne({ _id: batch }, { $set: { collections } });
}

/** Drops a batch's entry once its documents are gone: the entry of that run, not one written meanwhile. */
export async function forgetBatch(db: Db, batch: string, runId: string): Promise<void> {
  await db.collection<BatchEntry>(SEED_BATCHES).deleteOne({ _id: batch, runId });
}

const objectId: Check = (v) => (isObjectId(v) ? undefined : { path: [], message: 'not an ObjectId' });
const idBound = optional(either('a number or an ObjectId', finite, objectId));
/** What removal relies on is checked; other fields are informative and only typed loosely. */
const ENTRY: Check = object({
  _id: string(),
  state: oneOf(['writing', 'complete']),
  collections: arrayOf(
    object({
      name: string(1),
      count: integer(0),
      ids: oneOf(['counter', 'objectId']),
      first: idBound,
      last: idBound,
      created: optional(boolean),
    }),
  ),
  seedFile: optional(string()),
  seedFolder: optional(string()),
  seedFileHash: optional(string()),
  startedAt: date,
  runId: string(1),
  stamped: optional(boolean),
  owner: optional(string()),
  legacy: optional(boolean),
});

/**
 * A registry entry as read: checked like user input, since removal trusts its id ranges. A
 * malformed one (edited by hand, written by another tool) stops with one line.
 */
function checkedEntry(doc: unknown): BatchEntry {
  const problem = shapeProblem(ENTRY, doc);
  if (!problem) return doc as BatchEntry;
  const id = (doc as { _id?: unknown })._id;
  throw new SafetyError(
    `${SEED_BATCHES} entry ${JSON.stringify(id)} is malformed (${problem.path}: ${problem.message}); ` +
      `nothing was done: delete that entry, then remove the batch's documents with crm-seed cleanup --batch ${String(id)}`,
    { code: 'STATE_INVALID', ...(typeof id === 'string' ? { batch: id } : {}) },
  );
}

/** The entries of several batches in one round trip, by marker. */
export async function findBatches(db: Db, batches: readonly string[]): Promise<Map<string, BatchEntry>> {
  if (batches.length === 0) return new Map();
  const docs = await db
    .collection<BatchEntry>(SEED_BATCHES)
    .find({ _id: { $in: [...batches] } })
    .toArray();
  return new Map(docs.map((doc) => [doc._id, checkedEntry(doc)]));
}

export async function findBatch(db: Db, batch: string): Promise<BatchEntry | undefined> {
  const doc = await db.collection<BatchEntry>(SEED_BATCHES).findOne({ _id: batch });
  return doc ? checkedEntry(doc) : undefined;
}

/** Registered batches, oldest first; batches started at the same moment by name. */
export async function listBatches(db: Db): Promise<BatchEntry[]> {
  const all = await db.collection(SEED_BATCHES).find({}).sort({ startedAt: 1, _id: 1 }).toArray();
  return all.filter((e) => (e['_id'] as unknown) !== LEGACY_SCAN_ID).map(checkedEntry);
}

/**
 * Documents carrying `marker` per collection, whatever wrote them: what an operator is shown
 * before an explicit removal of a marker the registry does not know (crm-seed cleanup
 * --batch), and what a refused automatic removal reports. Read only; never a batch of its own.
 */
export async function countMarked(
  db: Db,
  marker: string,
  collections: readonly string[],
): Promise<Record<string, number>> {
  const found: Record<string, number> = {};
  for (const name of collections) {
    const n = await db.collection(name).countDocuments({ [BATCH_FIELD]: { $eq: marker } });
    if (n > 0) found[name] = n;
  }
  return found;
}

/** The database's collections other than the seed's own state: where a marker may be found. */
export async function dataCollections(db: Db): Promise<string[]> {
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
  const state = new Set(STATE_ROLES.map(([, name]) => name));
  return names.filter((n) => !state.has(n) && !n.startsWith('system.')).sort();
}
