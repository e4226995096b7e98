import { DatabaseError, SafetyError } from 'crm-calls-seed';
import { reserveIdBlock, reserveIdBlocks } from 'crm-calls-seed/internal';
import type { CounterConfig, IdBlock } from 'crm-calls-seed/internal';
import { openTestDb } from './support/test-db';
import type { TestDb } from './support/test-db';

/** Id-block reservation against the real server, in this process: the app's counters, as get_next_id keeps them. */
const COUNTER: CounterConfig = { collection: 'counters', keyField: '_id', seqField: 'seq' };

describe('id blocks from the app counters', () => {
  let t: TestDb;
  beforeEach(async () => (t = await openTestDb('id_blocks')));
  afterEach(async () => t.drop());

  test('a missing counter starts at the highest existing id, never at 0; blocks follow each other', async () => {
    await t.db.collection('calls').insertMany([{ id: 7 }, { id: 41 }, { id: 12 }]);
    const first = await reserveIdBlock(t.db, COUNTER, 'calls', 100);
    expect(first).toEqual({ first: 42, last: 141 });
    const second = await reserveIdBlock(t.db, COUNTER, 'calls', 5);
    expect(second).toEqual({ first: 142, last: 146 });
    expect(await t.db.collection('counters').findOne({ _id: 'calls' as never })).toMatchObject({ seq: 146 });
  });

  test('one block per sequence, each from its own counter document', async () => {
    const blocks = await reserveIdBlocks(t.db, COUNTER, ['calls', 'activity_logs'], 10);
    expect(blocks).toEqual({ calls: { first: 1, last: 10 }, activity_logs: { first: 1, last: 10 } });
  });

  test('app allocations of one id at a time while blocks are reserved never land inside a block', async () => {
    const counters = t.db.collection<{ _id: string; seq: number }>('counters');
    await counters.insertOne({ _id: 'calls', seq: 0 });
    const appIds: number[] = [];
    let reserving = true;
    const app = (async () => {
      while (reserving) {
        const doc = await counters.findOneAndUpdate(
          { _id: 'calls' },
          { $inc: { seq: 1 } },
          { returnDocument: 'after' },
        );
        appIds.push(doc!.seq);
      }
    })();
    const blocks: IdBlock[] = [];
    for (let i = 0; i < 4; i++) blocks.push(await reserveIdBlock(t.db, COUNTER, 'calls', 50));
    reserving = false;
    await app;
    expect(appIds.length).toBeGreaterThan(0);
    for (const id of appIds) {
      for (const block of blocks) expect(id >= block.first && id <= block.last).toBe(false);
    }
    const ids = blocks.flatMap((b) => Array.from({ length: b.last - b.first + 1 }, (_, k) => b.first + k));
    expect(new Set(ids).size).toBe(200);
  });

  test('a counter behind the data is refused with the fix (COUNTER_BEHIND); a non-integer one too (COUNTER_INVALID)', async () => {
    // Two ids above the counter, the higher one stored first: the highest is named, whatever the order.
    await t.db.collection('calls').insertMany([{ id: 9 }, { id: 3 }]);
    await t.db.collection('counters').insertOne({ _id: 'calls' as never, seq: 1 });
    const behind = await reserveIdBlock(t.db, COUNTER, 'calls', 10).catch((e: unknown) => e);
    expect(behind).toBeInstanceOf(SafetyError);
    expect(behind).toMatchObject({ code: 'COUNTER_BEHIND' });
    expect((behind as Error).message).toContain('"seq" is 1 but "calls" holds id 9; set it to at least 9');

    await t.db.collection('counters').insertOne({ _id: 'activity_logs' as never, seq: 'ten' });
    const invalid = await reserveIdBlock(t.db, COUNTER, 'activity_logs', 10).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(DatabaseError);
    expect(invalid).toMatchObject({ code: 'COUNTER_INVALID' });
    // Refused before anything was reserved: both counters as they were.
    expect(await t.db.collection('counters').find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'activity_logs', seq: 'ten' },
      { _id: 'calls', seq: 1 },
    ]);
  });

  test('a fractional app id rounds the start up; a counter behind a later app id is refused and left as it was', async () => {
    await t.db.collection('calls').insertMany([{ id: 1000.5 }]);
    expect(await reserveIdBlock(t.db, COUNTER, 'calls', 10)).toEqual({ first: 1002, last: 1011 });
    await t.db.collection('calls').insertOne({ id: 1015 });
    const taken = await reserveIdBlock(t.db, COUNTER, 'calls', 10).catch((e: unknown) => e);
    expect(taken).toMatchObject({ code: 'COUNTER_BEHIND' });
    expect(await t.db.collection('counters').findOne({ _id: 'calls' as never })).toMatchObject({ seq: 1011 });
  });
});
