import type { Db } from 'mongodb';
import { DatabaseError, SafetyError } from '../../errors';
import { isDuplicateKey } from '../connection/driver-errors';
import { highestExistingId } from './existing-ids';
import type { IdKey } from './existing-ids';
import { isFerretdbV1 } from '../connection/server-quirks';
import { CounterWatch } from './counter-watch';
import type { CounterConfig, IdBlock, Observed } from './counter-watch';

export type { CounterConfig, IdBlock } from './counter-watch';

/**
 * Ids left unused below a block reserved while the app is allocating on a server whose
 * updates are not atomic: an app $inc that ran inside ours hands out ids just above the old
 * value, which our write then overwrites. They land in this gap instead of in the block.
 */
export const GUARD_GAP = 1_000;
const MAX_ATTEMPTS = 5;

/**
 * Reserves `count` consecutive ids of `sequence` in one $inc, so ids never collide with ids
 * the app allocates meanwhile through the same counter (checked against the collection's
 * ids first by checkCounter; a missing one is created holding the block by createMissing).
 *
 * On MongoDB one $inc is atomic and that is all. FerretDB 1.x runs an update as a read and a
 * separate write (FerretDB issue #3040), so a concurrent app $inc can undo ours (the counter
 * goes back below the block) or be swallowed by it. A counter seen steady is reserved without
 * a guard gap and read back right away: exactly at the block's end means no app $inc landed
 * inside or below it, and one still in flight would have had to read before our write and
 * write after our read-back, a window of one round trip, which an app seen steady is not
 * allocating in. Otherwise (the counter moved) the block is reserved with a guard gap when
 * the counter is moving, and the counter is watched until it stays above the block, put back
 * above it if it went back, and the block given up if the app already used ids in it.
 */
export async function reserveIdBlock(
  db: Db,
  counter: CounterConfig,
  sequence: string,
  count: number,
  keys: readonly IdKey[] = [],
): Promise<IdBlock> {
  const [checked] = await createMissing(
    db,
    counter,
    [await checkCounter(db, counter, sequence, keys)],
    () => count,
  );
  return checked!.block ?? reservePrepared(db, counter, sequence, count, checked!.observed);
}

async function reservePrepared(
  db: Db,
  counter: CounterConfig,
  sequence: string,
  count: number,
  /** The counter's value when it was checked, and when: how a steady counter is told. */
  observed: Observed | undefined,
): Promise<IdBlock> {
  const counters = db.collection(counter.collection);
  const filter = { [counter.keyField]: sequence };
  const watch = new CounterWatch(counters, filter, counter, sequence);

  // The counter was checked against every id the collection holds (checkCounter), so a block
  // above it is free: no read of the collection is needed to know it.
  if (!(await isFerretdbV1(db))) return watch.reserve(count);
  // Steady: unchanged since it was observed, reserved, read back at the block's end, with no
  // wait after the reservation. Anything else falls to the watched paths below.
  if (observed && (await watch.steadySince(observed))) {
    const block = await watch.reserve(count);
    if (block.first - 1 === observed.seq && (await watch.read()) === block.last) return block;
    if (await watch.staysAbove(block)) return block;
  }
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const gap = (await watch.isMoving()) ? GUARD_GAP : 0;
    const block = await watch.reserve(count + gap);
    const usable = { first: block.first + gap, last: block.last };
    if (await watch.staysAbove(usable)) return usable;
  }
  throw new DatabaseError(
    `counter ${counter.collection}.${sequence} kept going back below the ids reserved for this run ` +
      `(${MAX_ATTEMPTS} attempts): concurrent writers on a server without atomic updates; nothing was written, retry when the app is quieter`,
    { code: 'COUNTER_INVALID' },
  );
}

/**
 * A checked counter: fine as it is (as observed), missing and to be created at `missingAt`,
 * or created by this run already holding its block.
 */
interface CheckedCounter {
  readonly sequence: string;
  readonly observed?: Observed | undefined;
  readonly missingAt?: number | undefined;
  readonly block?: IdBlock | undefined;
}

/**
 * Checks a sequence's counter like user input before anything is reserved, read only, so a
 * refused run leaves every counter as it was: one document, a whole number >= 0, not behind
 * the highest id the collection holds in any form (numbers, Longs, numeric strings, the ids
 * inside `keys`). A missing counter is to start at that id (rounded up: an app id of 1000.5
 * starts the seed at 1001), never at 0.
 */
async function checkCounter(
  db: Db,
  counter: CounterConfig,
  sequence: string,
  keys: readonly IdKey[],
): Promise<CheckedCounter> {
  const counters = db.collection(counter.collection);
  const filter = { [counter.keyField]: sequence };
  const name = `counter ${counter.collection} {${counter.keyField}: "${sequence}"}`;
  const [[docs, at], highest] = await Promise.all([
    counters
      .find(filter)
      .limit(2)
      .toArray()
      .then((found) => [found, Date.now()] as const),
    highestExistingId(db, sequence, keys),
  ]);
  const floor = Number(highest?.value ?? 0n);
  if (highest && highest.value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new DatabaseError(
      `"${sequence}" holds ${highest.seen}, beyond the whole numbers ids can safely use (${Number.MAX_SAFE_INTEGER}); ` +
        'the seed cannot allocate ids above it exactly: fix that document; no id was reserved',
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
  if (!doc) return { sequence, missingAt: floor };
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
      `${name} is behind the data: "${counter.seqField}" is ${seq} but "${sequence}" holds ${highest!.seen}; ` +
        `set it to at least ${floor} (the app would hand out taken ids too); no id was reserved`,
      { code: 'COUNTER_BEHIND' },
    );
  }
  return { sequence, observed: { seq, at } };
}

/**
 * Creates the counters found missing, once every counter of the run passed its check, each
 * already holding the run's block (`count` ids after `missingAt`): one insert reserves it,
 * atomically on any server, since nobody allocated through a counter that did not exist.
 */
async function createMissing(
  db: Db,
  counter: CounterConfig,
  checked: readonly CheckedCounter[],
  count: (sequence: string) => number,
): Promise<CheckedCounter[]> {
  const counters = db.collection(counter.collection);
  const created = await Promise.all(
    checked.map(async (one): Promise<CheckedCounter[]> => {
      const { sequence, missingAt } = one;
      if (missingAt === undefined) return [one];
      const last = missingAt + count(sequence);
      try {
        await counters.insertOne({ [counter.keyField]: sequence, [counter.seqField]: last });
        return [{ sequence, block: { first: missingAt + 1, last } }];
      } catch (err) {
        // Created meanwhile by the app or another run: check that one.
        if (!isDuplicateKey(err)) throw err;
        return createMissing(db, counter, [await checkCounter(db, counter, sequence, [])], count);
      }
    }),
  );
  return created.flat();
}

/** One id block per collection, from the same counter collection. */
export async function reserveIdBlocks<const K extends string>(
  db: Db,
  counter: CounterConfig,
  sequences: readonly K[],
  count: number | ((sequence: K) => number),
  keys: (sequence: K) => readonly IdKey[] = () => [],
): Promise<Record<K, IdBlock>> {
  const countOf = (sequence: string): number => (typeof count === 'number' ? count : count(sequence as K));
  const needed = sequences.filter((sequence) => countOf(sequence) > 0);
  // Every counter is checked before any is created or moved: a refusal leaves all of them as they were.
  const checked = await createMissing(
    db,
    counter,
    await Promise.all(needed.map((sequence) => checkCounter(db, counter, sequence, keys(sequence)))),
    countOf,
  );
  // Each sequence has its own counter document: reserved side by side, so on FerretDB the
  // settle waits of the sequences overlap instead of adding up.
  const reserved = await Promise.all(
    sequences.map((sequence) => {
      const n = countOf(sequence);
      const ready = checked.find((c) => c.sequence === sequence);
      // An empty collection of the batch needs no ids: an empty block.
      if (n <= 0) return Promise.resolve({ first: 1, last: 0 });
      return ready?.block
        ? Promise.resolve(ready.block)
        : reservePrepared(db, counter, sequence, n, ready?.observed);
    }),
  );
  return Object.fromEntries(sequences.map((sequence, i) => [sequence, reserved[i]!])) as Record<K, IdBlock>;
}
