import type { Db } from 'mongodb';
import { DatabaseError, SafetyError } from '../errors';
import { isDuplicateKey } from './connect';

/** Where the app's get_next_id keeps its sequences: {<keyField>: <collection>, <seqField>: <last id>}. */
export interface CounterConfig {
  readonly collection: string;
  readonly keyField: string;
  readonly seqField: string;
}

export interface IdBlock {
  readonly first: number;
  readonly last: number;
}

/**
 * Reserves `count` consecutive ids of `sequence` in one atomic $inc, so ids never collide
 * with ids the app allocates meanwhile through the same counter. A missing counter starts
 * at the highest existing id, never at 0.
 */
export async function reserveIdBlock(
  db: Db,
  counter: CounterConfig,
  sequence: string,
  count: number,
): Promise<IdBlock> {
  const counters = db.collection(counter.collection);
  const filter = { [counter.keyField]: sequence };
  if (!(await counters.findOne(filter, { projection: { _id: 1 } }))) {
    const highest = await highestId(db, sequence);
    try {
      await counters.insertOne({ [counter.keyField]: sequence, [counter.seqField]: highest });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // created meanwhile by the app or another run: use it
    }
  }
  const after = await counters.findOneAndUpdate(
    filter,
    { $inc: { [counter.seqField]: count } },
    { returnDocument: 'after' },
  );
  const seq: unknown = after?.[counter.seqField];
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq)) {
    throw new DatabaseError(
      `counter ${counter.collection}.${sequence} has a non-integer "${counter.seqField}" (${JSON.stringify(seq)}); fix or remove that counter document`,
    );
  }
  const block = { first: seq - count + 1, last: seq };
  await assertBlockIsFree(db, counter, sequence, block);
  return block;
}

/** Highest integer `id` in a collection, 0 when empty. */
export async function highestId(db: Db, collection: string): Promise<number> {
  const [top] = await db
    .collection(collection)
    .find({ id: { $type: 'number' } }, { projection: { _id: 0, id: 1 } })
    .sort({ id: -1 })
    .limit(1)
    .toArray();
  return typeof top?.['id'] === 'number' ? top['id'] : 0;
}

async function assertBlockIsFree(
  db: Db,
  counter: CounterConfig,
  sequence: string,
  block: IdBlock,
): Promise<void> {
  const taken = await db
    .collection(sequence)
    .findOne({ id: { $gte: block.first, $lte: block.last } }, { projection: { id: 1 } });
  if (taken) {
    throw new SafetyError(
      `counter ${counter.collection}.${sequence} is behind the data: id ${String(taken['id'])} already exists in "${sequence}"; ` +
        `set its "${counter.seqField}" to at least the highest id (crm-seed verify reports it) and retry`,
    );
  }
}
