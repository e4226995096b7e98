import type { Db } from 'mongodb';
import { BATCH_FIELD } from '../schema/marker';
import type { TextHashSet } from './id-index';
import { collector } from './problem-collector';
import type { Problem } from './verify-types';

/** Candidate duplicates of a unique field looked up one by one; beyond that they are counted only. */
const UNIQUE_LOOKUPS = 1000;

/** A unique field's values by hash: the seeded documents' and the app's. */
export interface UniqueValueSets {
  readonly seeded: TextHashSet;
  readonly app: TextHashSet;
}

/**
 * Values of a unique field, by hash: a hash seen twice among seeded documents, or among both
 * seeded and app documents, makes one $group over the collection confirm the real duplicates
 * (only then: normally no extra pass), each described by who holds it.
 */
export async function duplicateValues(
  db: Db,
  name: string,
  field: string,
  sets: UniqueValueSets,
  keep: number,
): Promise<Problem> {
  const found = collector(keep);
  sets.seeded.seal();
  sets.app.seal();
  if (!sets.seeded.hasRepeats() && !sets.seeded.intersects(sets.app)) return found.result();
  const collection = db.collection(name);
  const rows = await collection
    .aggregate<{ _id: unknown; n: number }>([
      { $group: { _id: `$${field}`, n: { $sum: 1 } } },
      { $match: { n: { $gt: 1 } } },
    ])
    .toArray();
  const values = rows
    .map((r) => r._id)
    .filter((v): v is string => typeof v === 'string' && sets.seeded.has(v));
  for (const value of values.sort().slice(0, UNIQUE_LOOKUPS)) {
    const holders = await collection
      .find({ [field]: value }, { projection: { _id: 0, [BATCH_FIELD]: 1 } })
      .toArray();
    const who = holders
      .map((h) => (h[BATCH_FIELD] === undefined ? 'unmarked' : `batch ${String(h[BATCH_FIELD])}`))
      .sort();
    found.add(
      `${name}.${field} ${JSON.stringify(value)} is held by ${holders.length} documents (${who.join(', ')})`,
    );
  }
  if (values.length > UNIQUE_LOOKUPS)
    found.add(`... ${values.length - UNIQUE_LOOKUPS} more ${field} duplicates not examined`);
  return found.result();
}
