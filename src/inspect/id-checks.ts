import type { Db } from 'mongodb';
import type { CounterConfig } from '../write/ids/id-blocks';
import { readId } from '../schema/stored-values';
import { refuseInexactId } from './exact-ids';
import type { IdIndex } from './id-index';
import { collector } from './problem-collector';
import type { Problem, VerifiedCollection } from './verify-types';

/** Ids held by more than one document where at least one of them is seeded. */
export function duplicateIds(
  name: string,
  seeded: IdIndex,
  app: IdIndex,
  batchNames: readonly string[],
  keep: number,
): Problem {
  const found = collector(keep);
  const reported = new Set<number>();
  for (const { id } of seeded.duplicates()) reported.add(id);
  for (const { id } of app.entries()) if (seeded.batchesOf(id).length > 0) reported.add(id);
  for (const id of [...reported].sort((a, b) => a - b)) {
    const holders = [
      ...seeded.batchesOf(id).map((b) => `batch ${batchNames[b] ?? '?'}`),
      ...app.batchesOf(id).map(() => 'unmarked'),
    ].sort();
    found.add(`${name}.id ${id} is held by ${holders.length} documents (${holders.join(', ')})`);
  }
  return found.result();
}

/** Seeded parents without exactly their number of children in their own batch. */
export function childless(
  c: VerifiedCollection,
  parents: IdIndex,
  batchNames: readonly string[],
  keep: number,
): Problem {
  const found = collector(keep);
  const per = c.parent!.perParent;
  for (const { id, batchNo, marks } of parents.markedOtherThan(per)) {
    found.add(
      `${c.parent!.collection} ${id} of batch ${batchNames[batchNo] ?? '?'} has ${marks} ${c.name}, not ${per}`,
    );
  }
  return found.result();
}

/** The app's get_next_id must hand out ids above every existing one. */
export async function counterLag(
  db: Db,
  counter: CounterConfig,
  sequence: string,
  highestId: number,
): Promise<Problem> {
  if (highestId === 0) return { count: 0, examples: [] };
  const doc = await db.collection(counter.collection).findOne({ [counter.keyField]: sequence });
  const where = `${counter.collection}.${sequence}`;
  if (!doc)
    return {
      count: 1,
      examples: [`counter ${where} is missing while "${sequence}" holds ids up to ${highestId}`],
    };
  const raw: unknown = doc[counter.seqField];
  refuseInexactId(counter.collection, counter.seqField, raw);
  // Read as ids are (a Long counter is as good as a double one); 0 is a counter nothing was handed out from.
  const reading = readId(raw);
  const seq = reading.kind === 'id' ? reading.id : raw === 0 ? 0 : undefined;
  if (seq === undefined || seq < highestId) {
    return {
      count: 1,
      examples: [
        `counter ${where} is at ${seq ?? JSON.stringify(raw)} but "${sequence}" holds id ${highestId}; set "${counter.seqField}" to at least ${highestId}`,
      ],
    };
  }
  return { count: 0, examples: [] };
}
