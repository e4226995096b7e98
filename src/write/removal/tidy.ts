import type { Db } from 'mongodb';
import type { BatchEntry } from '../registry/batch-registry';
import { SEED_BATCHES, SEED_LOCKS } from '../registry/collections';

/**
 * What the tool leaves in a database once its last batch is gone: nothing but the counters it
 * advanced (the app's own ids) and the host's changelog. A collection a batch created is
 * dropped with the batch when nothing else is in it: no document, no index of its own (an
 * index means the app has made it its own), no other batch registered in it.
 */

/** Which of these collections do not exist yet: a batch that writes them creates them. */
export async function missingCollections(db: Db, names: readonly string[]): Promise<Set<string>> {
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  return new Set(names.filter((name) => !existing.has(name)));
}

/** After a batch's entry is gone: drops the collections it created that are left as they were before it. */
export async function dropCreatedIfEmpty(db: Db, entry: BatchEntry): Promise<string[]> {
  const created = entry.collections.filter((c) => c.created === true).map((c) => c.name);
  if (created.length === 0) return [];
  const elsewhere = new Set(
    (
      await db
        .collection<BatchEntry>(SEED_BATCHES)
        .find({}, { projection: { collections: 1 } })
        .toArray()
    ).flatMap((e): string[] => {
      const collections: unknown = e.collections;
      return Array.isArray(collections) ? collections.map((c) => String((c as { name?: unknown }).name)) : [];
    }),
  );
  const dropped: string[] = [];
  for (const name of created) {
    if (elsewhere.has(name)) continue;
    const collection = db.collection(name);
    if ((await collection.findOne({}, { projection: { _id: 1 } })) !== null) continue;
    const indexes = await collection.indexes().catch(() => undefined);
    if (indexes === undefined || indexes.some((index) => index.name !== '_id_')) continue;
    if (await collection.drop().catch(() => false)) dropped.push(name);
  }
  return dropped;
}

/**
 * The registry, once it holds no batch, and the lock with it: dropped while the lock (our own
 * document, `lockFilter`) is still held, so no other run can have written either meanwhile.
 * Returns whether it dropped them (then the lock is released with them).
 */
export async function dropStateIfEmpty(
  db: Db,
  lockFilter: Readonly<Record<string, unknown>>,
): Promise<boolean> {
  const registry = db.collection(SEED_BATCHES);
  // Anything there (a batch, or an earlier version's record) keeps it.
  if ((await registry.findOne({}, { projection: { _id: 1 } })) !== null) return false;
  const locks = db.collection(SEED_LOCKS);
  if ((await locks.countDocuments({})) !== 1 || (await locks.countDocuments(lockFilter)) !== 1) return false;
  await registry.drop().catch(() => false);
  await locks.drop();
  return true;
}
