import { hostname } from 'node:os';
import type { Db, ObjectId } from 'mongodb';
import { isObjectId } from '../generate/object-ids';
import { z } from 'zod';
import { SafetyError } from '../errors';
import { BATCH_FIELD } from '../schema/marker';
import { TOOL_VERSION } from '../version';

/** One document per batch: what it wrote, so removal, recovery and stats need no scan. */
export const SEED_BATCHES = 'seed_batches';

/** The collections seeded before the registry existed: where its one legacy scan looks. */
export const LEGACY_COLLECTIONS = ['calls', 'activity_logs'] as const;

/** Markers are letters, digits, '_', '.', '-': this _id can never be one. */
const LEGACY_SCAN_ID = '#legacy-scan';

export interface RegisteredCollection {
  readonly name: string;
  readonly count: number;
  readonly ids: 'counter' | 'objectId';
  /** First and last id (counter) or _id (objectId) of the batch in this collection; absent when empty. */
  readonly first?: number | ObjectId | undefined;
  readonly last?: number | ObjectId | undefined;
}

export interface BatchEntry {
  /** The batch marker (seed_batch). */
  readonly _id: string;
  readonly state: 'writing' | 'complete';
  /** In write order: parents before children. */
  readonly collections: readonly RegisteredCollection[];
  readonly seedFile?: string | undefined;
  readonly seed?: number | undefined;
  readonly refDate?: Date | undefined;
  readonly startedAt: Date;
  readonly finishedAt?: Date | undefined;
  readonly toolVersion: string;
  readonly host: string;
  readonly pid: number;
  /** The run that wrote the entry: completion and removal of the entry are conditional on it. */
  readonly runId: string;
  /** Found by the one scan for batches written before the registry existed. */
  readonly legacy?: boolean | undefined;
}

export type NewEntry = Omit<
  BatchEntry,
  'state' | 'startedAt' | 'toolVersion' | 'host' | 'pid' | 'finishedAt'
>;

/** Records a batch as being written, before its first document (a crash leaves it "writing"). */
export async function registerBatch(db: Db, entry: NewEntry, now: Date): Promise<void> {
  const doc: BatchEntry = {
    ...entry,
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

/** Drops a batch's entry once its documents are gone. */
export async function forgetBatch(db: Db, batch: string): Promise<void> {
  await db.collection<BatchEntry>(SEED_BATCHES).deleteOne({ _id: batch });
}

const idBound = z.union([z.number().finite(), z.custom<ObjectId>(isObjectId, 'an ObjectId')]);
/** What removal relies on is checked; other fields are informative and only typed loosely. */
const ENTRY = z.looseObject({
  _id: z.string(),
  state: z.enum(['writing', 'complete']),
  collections: z.array(
    z.looseObject({
      name: z.string().min(1),
      count: z.number().int().nonnegative(),
      ids: z.enum(['counter', 'objectId']),
      first: idBound.optional(),
      last: idBound.optional(),
    }),
  ),
  seedFile: z.string().optional(),
  startedAt: z.date(),
  runId: z.string(),
  legacy: z.boolean().optional(),
});

/**
 * A registry entry as read: checked like user input, since removal trusts its id ranges. A
 * malformed one (edited by hand, written by another tool) stops with one line.
 */
function checkedEntry(doc: unknown): BatchEntry {
  const parsed = ENTRY.safeParse(doc);
  if (parsed.success) return parsed.data as unknown as BatchEntry;
  const id = (doc as { _id?: unknown })._id;
  const issue = parsed.error.issues[0]!;
  throw new SafetyError(
    `${SEED_BATCHES} entry ${JSON.stringify(id)} is malformed (${issue.path.join('.') || 'document'}: ${issue.message}); ` +
      `nothing was done: delete that entry, then remove the batch's documents with crm-seed cleanup --batch ${String(id)}`,
    { code: 'STATE_INVALID', ...(typeof id === 'string' ? { batch: id } : {}) },
  );
}

export async function findBatch(db: Db, batch: string): Promise<BatchEntry | undefined> {
  const doc = await db.collection<BatchEntry>(SEED_BATCHES).findOne({ _id: batch });
  return doc ? checkedEntry(doc) : undefined;
}

/** Registered batches, oldest first; batches started at the same moment (one legacy scan) by name. */
export async function listBatches(db: Db): Promise<BatchEntry[]> {
  const all = await db.collection(SEED_BATCHES).find({}).sort({ startedAt: 1, _id: 1 }).toArray();
  return all.filter((e) => (e['_id'] as unknown) !== LEGACY_SCAN_ID).map(checkedEntry);
}

/**
 * Every batch the database holds: the registry's entries and, until the one legacy scan is
 * recorded, what that scan would add (run here read only). `scanned` says whether it ran.
 */
export async function knownBatches(db: Db): Promise<{ entries: BatchEntry[]; scanned: boolean }> {
  const entries = await listBatches(db);
  if (await legacyScanDone(db)) return { entries, scanned: false };
  const registered = new Set(entries.map((e) => e._id));
  const legacy = (await scanLegacyBatches(db, 'read-only')).filter((e) => !registered.has(e._id));
  return { entries: [...entries, ...legacy], scanned: true };
}

/** Whether the one legacy scan has been recorded in this database. */
export async function legacyScanDone(db: Db): Promise<boolean> {
  return (await db.collection(SEED_BATCHES).findOne({ _id: LEGACY_SCAN_ID as never })) !== null;
}

/**
 * Batches written before the registry existed: one projected pass over the collections that
 * older versions seeded, counting documents and id ranges per marker (or of one marker).
 * Read only.
 */
export async function scanLegacyBatches(db: Db, runId: string, marker?: string): Promise<BatchEntry[]> {
  const found = new Map<string, Map<string, { count: number; first: number; last: number }>>();
  const filter = { [BATCH_FIELD]: marker === undefined ? { $exists: true } : { $eq: marker } };
  for (const name of LEGACY_COLLECTIONS) {
    const cursor = db.collection(name).find(filter, { projection: { _id: 0, [BATCH_FIELD]: 1, id: 1 } });
    for await (const doc of cursor) {
      const marker = String(doc[BATCH_FIELD]);
      const id = typeof doc['id'] === 'number' ? doc['id'] : undefined;
      let perCollection = found.get(marker);
      if (!perCollection)
        found.set(
          marker,
          (perCollection = new Map<string, { count: number; first: number; last: number }>()),
        );
      const figures = perCollection.get(name) ?? { count: 0, first: Infinity, last: -Infinity };
      figures.count++;
      if (id !== undefined) {
        figures.first = Math.min(figures.first, id);
        figures.last = Math.max(figures.last, id);
      }
      perCollection.set(name, figures);
    }
  }
  const now = new Date();
  // By marker: the order the scan met them in is the server's natural order.
  return [...found]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([marker, collections]) => ({
      _id: marker,
      state: 'complete',
      legacy: true,
      collections: LEGACY_COLLECTIONS.filter((n) => collections.has(n)).map((name) => {
        const f = collections.get(name)!;
        return {
          name,
          count: f.count,
          ids: 'counter' as const,
          ...(Number.isFinite(f.first) ? { first: f.first, last: f.last } : {}),
        };
      }),
      startedAt: now,
      toolVersion: TOOL_VERSION,
      host: hostname(),
      pid: process.pid,
      runId,
    }));
}

/**
 * Runs the legacy scan once per database and records what it found (never over an entry the
 * registry already has). Called under the seed lock by every writing operation; afterwards a
 * single lookup by _id.
 */
export async function ensureLegacyScan(db: Db, runId: string): Promise<void> {
  if (await legacyScanDone(db)) return;
  const registry = db.collection<BatchEntry>(SEED_BATCHES);
  for (const { _id, ...entry } of await scanLegacyBatches(db, runId)) {
    await registry.updateOne({ _id }, { $setOnInsert: entry }, { upsert: true });
  }
  await db
    .collection(SEED_BATCHES)
    .updateOne(
      { _id: LEGACY_SCAN_ID as never },
      { $setOnInsert: { at: new Date(), toolVersion: TOOL_VERSION } },
      { upsert: true },
    );
}
