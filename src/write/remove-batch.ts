import { MongoServerError } from 'mongodb';
import type { Collection, Db, Filter } from 'mongodb';
import { ACTIVITY_LOGS, BATCH_FIELD, CALLS } from './collections';

export interface RemovedCounts {
  readonly calls: number;
  readonly logs: number;
}

/**
 * Most documents one deleteMany may match on FerretDB's SQLite backend: it deletes the
 * matches with one SQL statement of one variable each, and SQLite allows 32,766.
 */
const PART_SIZE = 30_000;

/**
 * Deletes a batch by its marker: one deleteMany per collection, whatever the size (on
 * FerretDB/SQLite a few beyond 32,766 documents, see deleteAll). Only documents carrying
 * exactly this marker match, so nothing foreign can be touched.
 */
export async function removeBatch(db: Db, batch: string): Promise<RemovedCounts> {
  const filter = { [BATCH_FIELD]: { $eq: batch } };
  // Logs first: an interruption leaves calls without logs, which `verify` reports and a rerun removes.
  const logs = await deleteAll(db.collection(ACTIVITY_LOGS), filter);
  const calls = await deleteAll(db.collection(CALLS), filter);
  return { calls, logs };
}

/**
 * One deleteMany; only when the server refuses that many matches at once (FerretDB/SQLite,
 * above 32,766) the same filter is split by `id` modulo k into parts small enough. Each
 * part costs the server a scan of the collection, so the split is as coarse as allowed.
 */
export async function deleteAll(
  collection: Collection,
  filter: Filter<Record<string, unknown>>,
): Promise<number> {
  try {
    return (await collection.deleteMany(filter)).deletedCount;
  } catch (err) {
    if (!isTooManyMatches(err)) throw err;
  }
  const matching = await collection.countDocuments(filter);
  const parts = Math.ceil(matching / PART_SIZE);
  let deleted = 0;
  for (let part = 0; part < parts; part++) deleted += await deletePart(collection, filter, parts, part);
  // Documents without a numeric id match no part; there can only be a few.
  if (deleted < matching) deleted += (await collection.deleteMany(filter)).deletedCount;
  return deleted;
}

/** The documents whose id is `residue` modulo `modulus`; a part still too big is halved again. */
async function deletePart(
  collection: Collection,
  filter: Filter<Record<string, unknown>>,
  modulus: number,
  residue: number,
): Promise<number> {
  try {
    return (await collection.deleteMany({ ...filter, id: { $mod: [modulus, residue] } })).deletedCount;
  } catch (err) {
    if (!isTooManyMatches(err)) throw err;
    return (
      (await deletePart(collection, filter, modulus * 2, residue)) +
      (await deletePart(collection, filter, modulus * 2, residue + modulus))
    );
  }
}

function isTooManyMatches(err: unknown): boolean {
  return err instanceof MongoServerError && /too many SQL variables/i.test(err.message);
}
