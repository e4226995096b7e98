import type { Collection, Db, Filter } from 'mongodb';
import { isObjectId, objectIdLike } from '../../generate/object-ids';
import { BATCH_FIELD, RUN_FIELD } from '../../schema/marker';
import type { BatchEntry, RegisteredCollection } from '../registry/batch-registry';
import { RemovalStopped } from '../../errors';
import { isServerErrorSaying } from '../connection/driver-errors';
import { indexedFields } from '../ids/existing-ids';
import { isFerretdbV1 } from '../connection/server-quirks';

/**
 * What proves a document is a batch's own: its marker, its run's identity (for batches whose
 * documents carry one; documents of older, unstamped batches carry none), and the id range
 * the registry recorded before the first write.
 */
export interface BatchProof {
  readonly batch: string;
  /** The run that wrote the batch, or undefined for a batch of a version before run identities. */
  readonly run: string | undefined;
}

export function proofOf(entry: Pick<BatchEntry, '_id' | 'runId' | 'stamped'>): BatchProof {
  return { batch: entry._id, run: entry.stamped ? entry.runId : undefined };
}

/** Documents removed per collection, in the order removed. */
export type RemovedPerCollection = Record<string, number>;

/**
 * Most documents one deleteMany may match on FerretDB's SQLite backend: it deletes the
 * matches with one SQL statement of one variable each, and SQLite allows 32,766.
 */
export const PART_SIZE = 30_000;

export interface RemovalOptions {
  /** Checked before each delete: a reason to stop (the run was interrupted), or undefined. */
  readonly stopReason?: () => Error | undefined;
  /** Called before each delete, once it is decided, with the documents of `collection` removed so far. */
  readonly onDelete?: (collection: string, removed: number) => void;
}

/**
 * Deletes a batch from the collections it wrote, children first (the registry lists them
 * parents first), so an interruption leaves at worst parents without children. A document
 * goes only when it carries exactly this marker, its run's identity, *and* lies in the id (or
 * _id) range the registry recorded for the batch before its first write: a foreign document
 * that merely carries the marker (copied, imported under it, or edited by hand) is left and
 * counted in `outside`. With the counts known, a batch above FerretDB's per-delete limit goes straight
 * to the fewest parts under it; MongoDB has no such limit and gets one deleteMany. Told to
 * stop, it stops between two deletes and throws RemovalStopped.
 */
export async function removeBatch(
  db: Db,
  proof: BatchProof,
  collections: readonly RegisteredCollection[],
  options: RemovalOptions = {},
): Promise<RemovedPerCollection> {
  const limited = await isFerretdbV1(db);
  const removed: RemovedPerCollection = {};
  const step =
    (name: string): Step =>
    async (remove) => {
      const stop = options.stopReason?.();
      if (stop) throw new RemovalStopped(stop, { ...removed });
      options.onDelete?.(name, removed[name] ?? 0);
      const n = await remove();
      removed[name] = (removed[name] ?? 0) + n;
      return n;
    };
  for (const registered of [...collections].reverse()) {
    removed[registered.name] ??= 0;
    await removeMarked(db.collection(registered.name), proof, registered, limited, step(registered.name));
  }
  return removed;
}

/** Runs one delete and counts what it removed, unless the removal was told to stop. */
type Step = (remove: () => Promise<number>) => Promise<number>;

/** The batch's own documents in one collection: its marker, its run, within its recorded id range. */
export function ownDocuments(
  proof: BatchProof,
  registered: RegisteredCollection,
): Filter<Record<string, unknown>> & { $and: Filter<Record<string, unknown>>[] } {
  const run = { [RUN_FIELD]: proof.run === undefined ? { $exists: false } : { $eq: proof.run } };
  const { first, last } = registered;
  const field = registered.ids === 'objectId' ? '_id' : 'id';
  const range = first === undefined || last === undefined ? [] : [{ [field]: { $gte: first, $lte: last } }];
  // In $and, so a delete that has to be split can add its own top-level `id` condition.
  return { [BATCH_FIELD]: { $eq: proof.batch }, $and: [run, ...range] };
}

/**
 * After a removal: documents still carrying the marker, which were not the batch's own (a copy,
 * an import under the marker): never deleted, counted to be reported. Counted where the removal
 * found fewer than registered (something was off), or where an index on the marker makes it
 * cheap; a server that would read the whole collection for it (FerretDB decodes every
 * document of a scan) is spared that read when the removal matched the registry, and
 * `crm-seed verify` reports such documents anyway.
 */
export async function countLeftMarked(
  db: Db,
  batch: string,
  collections: readonly RegisteredCollection[],
  removed: RemovedPerCollection,
): Promise<Record<string, number>> {
  const outside: Record<string, number> = {};
  for (const registered of collections) {
    const docs = db.collection(registered.name);
    const exact = (removed[registered.name] ?? 0) === registered.count;
    if (exact && !(await indexedFields(docs)).has(BATCH_FIELD)) continue;
    const n = await docs.countDocuments({ [BATCH_FIELD]: { $eq: batch } });
    if (n > 0) outside[registered.name] = n;
  }
  return outside;
}

async function removeMarked(
  collection: Collection,
  proof: BatchProof,
  registered: RegisteredCollection,
  limited: boolean,
  step: Step,
): Promise<void> {
  if (registered.count === 0) return; // nothing of the batch here: a marked document is not ours
  const own = ownDocuments(proof, registered);
  const parts = limited ? idRangeParts(registered) : undefined;
  if (!parts) {
    await step(() => deleteAll(collection, own));
    return;
  }
  for (const part of parts) await step(() => deleteAll(collection, { ...own, $and: [...own.$and, part] }));
}

/** Contiguous id (or _id) ranges of at most PART_SIZE documents each, or undefined when one delete is enough. */
function idRangeParts(registered: RegisteredCollection): Filter<Record<string, unknown>>[] | undefined {
  const { first, last, count } = registered;
  if (count <= PART_SIZE || first === undefined || last === undefined) return undefined;
  const parts = Math.ceil(count / PART_SIZE);
  if (typeof first === 'number' && typeof last === 'number') {
    const step = Math.ceil((last - first + 1) / parts);
    return Array.from({ length: parts }, (_, k) => ({
      id: { $gte: first + k * step, $lte: Math.min(last, first + (k + 1) * step - 1) },
    }));
  }
  if (isObjectId(first) && isObjectId(last)) {
    // The batch's ObjectIds share a 7-byte prefix and count up in their last 5 bytes.
    const prefix = first.toHexString().slice(0, 14);
    const lo = parseInt(first.toHexString().slice(14), 16);
    const hi = parseInt(last.toHexString().slice(14), 16);
    const at = (n: number) => objectIdLike(first, prefix + n.toString(16).padStart(10, '0'));
    const step = Math.ceil((hi - lo + 1) / parts);
    return Array.from({ length: parts }, (_, k) => ({
      _id: { $gte: at(lo + k * step), $lte: at(Math.min(hi, lo + (k + 1) * step - 1)) },
    }));
  }
  return undefined;
}

/**
 * One deleteMany; only when the server refuses that many matches at once (FerretDB/SQLite,
 * above 32,766) the same filter is split by `id` modulo k into parts small enough. Each
 * part costs the server a scan of the collection, so the split is as coarse as allowed. For
 * deletes whose size is not known beforehand (selections, legacy leftovers).
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
  return isServerErrorSaying(err, /too many SQL variables/i);
}
