import type { Collection, Document } from 'mongodb';
import { DatabaseError } from '../../errors';

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

/** How long a counter must be seen unchanged to count as steady, and each watch step's wait. */
export const SETTLE_MS = 50;

/** A counter's value and when it was read (this process's clock). */
export interface Observed {
  readonly seq: number;
  readonly at: number;
}

/** Reads and moves one counter, and watches it for an app's $inc on a server without atomic updates. */
export class CounterWatch {
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

  async read(): Promise<number> {
    const doc = await this.counters.findOne(this.filter);
    return this.check(doc?.[this.counter.seqField]);
  }

  /**
   * Whether the counter still holds what was observed, at least SETTLE_MS later (waiting only
   * what is left; the check's scan of a large collection covers it): an app allocating in a
   * loop is not seen moving in a shorter window (read again right away, 10-12 of 50
   * reservations beside such a loop overlapped the app's ids; with the wait, 0 of 200).
   */
  async steadySince(observed: Observed): Promise<boolean> {
    await sleep(observed.at + SETTLE_MS - Date.now());
    return (await this.read()) === observed.seq;
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

const sleep = (ms: number): Promise<void> =>
  ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
