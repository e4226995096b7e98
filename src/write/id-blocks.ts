import type { Collection, Db, Document } from 'mongodb';
import { DatabaseError, SafetyError } from '../errors';
import { isDuplicateKey } from './driver-errors';
import { isFerretdbV1 } from './server-quirks';

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
 * Ids left unused below a block reserved while the app is allocating on a server whose
 * updates are not atomic: an app $inc that ran inside ours hands out ids just above the old
 * value, which our write then overwrites. They land in this gap instead of in the block.
 */
export const GUARD_GAP = 1_000;
const SETTLE_MS = 50;
const MAX_ATTEMPTS = 5;

/**
 * Reserves `count` consecutive ids of `sequence` in one $inc, so ids never collide with ids
 * the app allocates meanwhile through the same counter (checked and created by
 * prepareCounter first). A block found taken is given back before refusing.
 *
 * On MongoDB one $inc is atomic and that is all. FerretDB 1.x runs an update as a read and a
 * separate write (FerretDB issue #3040), so a concurrent app $inc can undo ours (the counter
 * goes back below the block) or be swallowed by it. There the block is reserved with a guard
 * gap when the counter is moving, and the counter is watched until it stays above the block,
 * put back above it if it went back, and the block given up if the app already used ids in it.
 */
export async function reserveIdBlock(
  db: Db,
  counter: CounterConfig,
  sequence: string,
  count: number,
): Promise<IdBlock> {
  await prepareCounter(db, counter, sequence);
  return reservePrepared(db, counter, sequence, count);
}

async function reservePrepared(
  db: Db,
  counter: CounterConfig,
  sequence: string,
  count: number,
): Promise<IdBlock> {
  const counters = db.collection(counter.collection);
  const filter = { [counter.keyField]: sequence };
  const watch = new CounterWatch(counters, filter, counter, sequence);

  if (!(await isFerretdbV1(db))) {
    const block = await watch.reserve(count);
    await assertBlockIsFree(db, counter, sequence, block, () => watch.giveBack(block, count));
    return block;
  }
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const gap = (await watch.isMoving()) ? GUARD_GAP : 0;
    const block = await watch.reserve(count + gap);
    const usable = { first: block.first + gap, last: block.last };
    if (await watch.staysAbove(usable)) {
      await assertBlockIsFree(db, counter, sequence, usable, () => watch.giveBack(block, count + gap));
      return usable;
    }
  }
  throw new DatabaseError(
    `counter ${counter.collection}.${sequence} kept going back below the ids reserved for this run ` +
      `(${MAX_ATTEMPTS} attempts): concurrent writers on a server without atomic updates; nothing was written, retry when the app is quieter`,
    { code: 'COUNTER_INVALID' },
  );
}

/**
 * Checks a sequence's counter like user input before anything is reserved, so a refused run
 * leaves it as it was: one document, a whole number >= 0, not behind the highest numeric id
 * in the collection. A missing counter is created at that id (rounded up: an app id of
 * 1000.5 starts the seed at 1001), never at 0.
 */
export async function prepareCounter(db: Db, counter: CounterConfig, sequence: string): Promise<void> {
  const counters = db.collection(counter.collection);
  const filter = { [counter.keyField]: sequence };
  const name = `counter ${counter.collection} {${counter.keyField}: "${sequence}"}`;
  const docs = await counters.find(filter).limit(2).toArray();
  const highest = await highestId(db, sequence);
  const floor = Math.ceil(highest);
  if (!Number.isSafeInteger(floor)) {
    throw new DatabaseError(
      `"${sequence}" holds a document with id ${highest}, beyond the whole numbers ids can safely use; fix that document (no id was reserved)`,
      { code: 'COUNTER_INVALID' },
    );
  }
  if (docs.length > 1) {
    throw new DatabaseError(
      `${name} exists more than once: the app and the seed would each read a different one; keep one (with "${counter.seqField}" at least ${floor}) and delete the others`,
      { code: 'COUNTER_INVALID' },
    );
  }
  const [doc] = docs;
  if (!doc) {
    try {
      await counters.insertOne({ [counter.keyField]: sequence, [counter.seqField]: floor });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // created meanwhile by the app or another run: check that one
      return prepareCounter(db, counter, sequence);
    }
    return;
  }
  const seq: unknown = doc[counter.seqField];
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
    throw new DatabaseError(
      `${name} has "${counter.seqField}": ${JSON.stringify(seq)}, not a whole number >= 0; ` +
        `set it to at least the highest id in "${sequence}" (${floor}), or delete it and the seed starts it there; no id was reserved`,
      { code: 'COUNTER_INVALID' },
    );
  }
  if (seq < floor) {
    throw new SafetyError(
      `${name} is behind the data: "${counter.seqField}" is ${seq} but "${sequence}" holds id ${highest}; ` +
        `set it to at least ${floor} (the app would hand out taken ids too); no id was reserved`,
      { code: 'COUNTER_BEHIND' },
    );
  }
}

class CounterWatch {
  constructor(
    private readonly counters: Collection,
    private readonly filter: Document,
    private readonly counter: CounterConfig,
    private readonly sequence: string,
  ) {}

  async reserve(count: number): Promise<IdBlock> {
    const after = await this.counters.findOneAndUpdate(
      this.filter,
      { $inc: { [this.counter.seqField]: count } },
      { returnDocument: 'after' },
    );
    const seq = this.check(after?.[this.counter.seqField]);
    return { first: seq - count + 1, last: seq };
  }

  /** Undoes a reservation, only if nobody allocated after it: a refused run leaves the counter as it was. */
  async giveBack(block: IdBlock, reserved: number): Promise<void> {
    await this.counters
      .updateOne(
        { ...this.filter, [this.counter.seqField]: block.last },
        { $inc: { [this.counter.seqField]: -reserved } },
      )
      .catch(() => undefined);
  }

  async read(): Promise<number> {
    const doc = await this.counters.findOne(this.filter);
    return this.check(doc?.[this.counter.seqField]);
  }

  /** Whether the app is allocating right now (the counter changes within a short wait). */
  async isMoving(): Promise<boolean> {
    const before = await this.read();
    await sleep(SETTLE_MS);
    return (await this.read()) !== before;
  }

  /**
   * Waits until the counter is seen at or above the block twice in a row (an app $inc that
   * read the old value has landed by then), putting it back above the block when it went
   * back. False when the app already handed out an id inside the block: then give it up.
   */
  async staysAbove(block: IdBlock): Promise<boolean> {
    for (let round = 0, clean = 0; round < 40; round++) {
      await sleep(SETTLE_MS);
      const seq = await this.read();
      if (seq >= block.last) {
        if (++clean === 2) return true;
        continue;
      }
      clean = 0;
      if (seq >= block.first) return false;
      await this.counters.updateOne(
        { ...this.filter, [this.counter.seqField]: { $lt: block.last } },
        { $set: { [this.counter.seqField]: block.last } },
      );
    }
    return false;
  }

  private check(seq: unknown): number {
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq)) {
      throw new DatabaseError(
        `counter ${this.counter.collection}.${this.sequence} has a non-integer "${this.counter.seqField}" (${JSON.stringify(seq)}); fix or remove that counter document`,
        { code: 'COUNTER_INVALID' },
      );
    }
    return seq;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

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
  giveBack: () => Promise<void>,
): Promise<void> {
  const taken = await db
    .collection(sequence)
    .findOne({ id: { $gte: block.first, $lte: block.last } }, { projection: { id: 1 }, sort: { id: 1 } });
  if (taken) {
    await giveBack();
    throw new SafetyError(
      `counter ${counter.collection}.${sequence} is behind the data: id ${String(taken['id'])} already exists in "${sequence}"; ` +
        `set its "${counter.seqField}" to at least the highest id (crm-seed verify reports it) and retry`,
      { code: 'COUNTER_BEHIND' },
    );
  }
}

/** One id block per collection, from the same counter collection. */
export async function reserveIdBlocks<const K extends string>(
  db: Db,
  counter: CounterConfig,
  sequences: readonly K[],
  count: number | ((sequence: K) => number),
): Promise<Record<K, IdBlock>> {
  const needed = sequences.filter((sequence) => (typeof count === 'number' ? count : count(sequence)) > 0);
  // Every counter is checked before any is moved: a refusal leaves all of them as they were.
  await Promise.all(needed.map((sequence) => prepareCounter(db, counter, sequence)));
  // Each sequence has its own counter document: reserved side by side, so on FerretDB the
  // settle waits of the sequences overlap instead of adding up.
  const reserved = await Promise.all(
    sequences.map((sequence) => {
      const n = typeof count === 'number' ? count : count(sequence);
      // An empty collection of the batch needs no ids: an empty block.
      return n > 0 ? reservePrepared(db, counter, sequence, n) : Promise.resolve({ first: 1, last: 0 });
    }),
  );
  return Object.fromEntries(sequences.map((sequence, i) => [sequence, reserved[i]!])) as Record<K, IdBlock>;
}
