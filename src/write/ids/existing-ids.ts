import type { Collection, Db, Document, Filter } from 'mongodb';
import type { IdKey } from '../../dataset/contract';

export type { IdKey };

/** The highest id a collection holds, and where it was seen (for messages). */
export interface HighestId {
  /** Exact, whatever its size: a 64-bit Long or a long numeric string may exceed 2^53. */
  readonly value: bigint;
  /** `id 600`, `id "25"`, `ukey "100011"`. */
  readonly seen: string;
}

/**
 * The highest id a collection holds in every form the app stores ids: numbers (fractions
 * rounded up), 64-bit Longs, numeric strings, and the ids encoded in `keys`. Where the
 * server has an index on `id` (and on each key field), each form is read through it; without
 * one, everything comes from one projected pass over the collection, the least a server that
 * cannot push the filters down (FerretDB decodes every document of a scan) can do. Undefined
 * for a collection without ids.
 */
export async function highestExistingId(
  db: Db,
  collection: string,
  keys: readonly IdKey[] = [],
): Promise<HighestId | undefined> {
  const docs = db.collection(collection);
  const indexed = await indexedFields(docs);
  const best = new Best();
  if (indexed.has('id') && keys.every((k) => indexed.has(k.field))) {
    const [top] = await docs
      .find({ id: { $type: 'number' } }, { projection: { _id: 0, id: 1 } })
      .sort({ id: -1 })
      .limit(1)
      .toArray();
    best.id(top?.['id']);
    for await (const doc of docs.find({ id: { $type: 'string' } }, { projection: { _id: 0, id: 1 } })) {
      best.id(doc['id']);
    }
    // Only keys above the highest id can raise it: longer suffixes, or as long and greater.
    const digits = (best.result?.value ?? 0n).toString().length;
    for (const key of keys) {
      const prefix = escapeRegex(key.prefix);
      const above: Filter<Document> = {
        $or: [
          { [key.field]: { $regex: `^${prefix}[1-9][0-9]{${digits},}$` } },
          {
            [key.field]: {
              $regex: `^${prefix}[1-9][0-9]{${digits - 1}}$`,
              $gt: `${key.prefix}${(best.result?.value ?? 0n).toString()}`,
            },
          },
        ],
      };
      const filter = { ...key.where, ...above };
      for await (const doc of docs.find(filter, { projection: { _id: 0, [key.field]: 1 } })) {
        best.key(key, doc[key.field]);
      }
    }
    return best.result;
  }
  const projection: Document = { _id: 0, id: 1 };
  for (const key of keys) {
    projection[key.field] = 1;
    for (const field of Object.keys(key.where ?? {})) projection[field] = 1;
  }
  for await (const doc of docs.find({}, { projection })) {
    best.id(doc['id']);
    for (const key of keys) if (matches(doc, key.where)) best.key(key, doc[key.field]);
  }
  return best.result;
}

/** The first field of each of the collection's indexes (none for a collection that does not exist). */
export async function indexedFields(docs: Collection): Promise<Set<string>> {
  try {
    const indexes = await docs.indexes();
    return new Set(indexes.map((i) => Object.keys(i.key)[0]).filter((f): f is string => f !== undefined));
  } catch {
    return new Set();
  }
}

function matches(doc: Document, where: IdKey['where']): boolean {
  return Object.entries(where ?? {}).every(([field, value]) => doc[field] === value);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The exact integer an app's id stands for, or undefined when it is no whole-number id. */
export function idValue(raw: unknown): bigint | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? BigInt(Math.ceil(raw)) : undefined;
  if (typeof raw === 'bigint') return raw;
  if (typeof raw === 'string') return /^\s*\d{1,30}\s*$/.test(raw) ? BigInt(raw.trim()) : undefined;
  // A 64-bit integer above 2^53 stays a BSON Long (the driver promotes smaller ones to numbers).
  const bson = raw as { _bsontype?: unknown; toString?: () => string } | null;
  if (bson && (bson._bsontype === 'Long' || bson._bsontype === 'Int32' || bson._bsontype === 'Double')) {
    return idValue(bson._bsontype === 'Long' ? bson.toString!() : Number(bson.toString!()));
  }
  return undefined;
}

class Best {
  result: HighestId | undefined;

  id(raw: unknown): void {
    const value = idValue(raw);
    if (value !== undefined)
      this.offer(value, `id ${typeof raw === 'string' ? JSON.stringify(raw) : String(raw)}`);
  }

  key(key: IdKey, raw: unknown): void {
    if (typeof raw !== 'string' || !raw.startsWith(key.prefix)) return;
    const suffix = raw.slice(key.prefix.length);
    if (!/^[1-9]\d{0,29}$/.test(suffix)) return;
    this.offer(BigInt(suffix), `${key.field} ${JSON.stringify(raw)}`);
  }

  private offer(value: bigint, seen: string): void {
    if (!this.result || value > this.result.value) this.result = { value, seen };
  }
}
