import type { Collection } from 'mongodb';
import { runMigrate } from '../support/run-process';
import { openTestDb } from '../support/test-db';
import type { TestDb } from '../support/test-db';
import { addForeignData, BATCH, expectExactBatch, foreignSnapshot } from './support/fault-data';
import { startMigrate } from './support/seed-process';

interface Counter {
  _id: string;
  seq: number;
}

/** The app's get_next_id: one findOneAndUpdate $inc 1 per new document. */
async function nextId(counters: Collection<Counter>, sequence: string): Promise<number> {
  const after = await counters.findOneAndUpdate(
    { _id: sequence },
    { $inc: { seq: 1 } },
    { returnDocument: 'after' },
  );
  return after!.seq;
}

async function seededIds(t: TestDb, collection: string): Promise<number[]> {
  const docs = await t.db
    .collection(collection)
    .find({ seed_batch: BATCH }, { projection: { _id: 0, id: 1 } })
    .toArray();
  return docs.map((d) => d['id'] as number);
}

describe('ids reserved through the app counters', () => {
  let t: TestDb;
  beforeEach(async () => (t = await openTestDb('counters')));
  afterEach(async () => t.drop());

  test('never collide with ids the app allocates through the same counters during the seed', async () => {
    await addForeignData(t.db);
    const foreign = await foreignSnapshot(t.db);
    const counters = t.db.collection<Counter>('counters');
    const appIds = { calls: [] as number[], activity_logs: [] as number[] };

    // The app allocates from the process's start to its end: through start-up, the reservation
    // (a read then a write on FerretDB 1.x, watched) and the writes. The race is the reservation,
    // not the size: 2,000 calls in chunks of 100 keep the writes going for a while after it.
    const seed = startMigrate(['up'], { MONGO_DB: t.name, SEED_CALLS: '2000', SEED_BATCH_SIZE: '100' });
    let running = true;
    const finished = seed.done.finally(() => (running = false));
    while (running) {
      appIds.calls.push(await nextId(counters, 'calls'));
      appIds.activity_logs.push(await nextId(counters, 'activity_logs'));
    }
    expect((await finished).code).toBe(0);
    // A few more after the seed: the counter stayed ahead of the seeded block.
    for (let i = 0; i < 20; i++) appIds.calls.push(await nextId(counters, 'calls'));

    await expectExactBatch(t.db, 2_000);
    for (const sequence of ['calls', 'activity_logs'] as const) {
      const seeded = new Set(await seededIds(t, sequence));
      const app = appIds[sequence];
      expect(app.length).toBeGreaterThan(20);
      expect(new Set(app).size).toBe(app.length);
      expect(app.filter((id) => seeded.has(id))).toEqual([]);
      // Nor with the app's documents that existed before (ids 1..22).
      expect([...seeded].filter((id) => id <= 22)).toEqual([]);
    }
    expect(await foreignSnapshot(t.db)).toEqual(foreign);
  });

  test('a missing counter is created at the highest existing id, so seeded ids start right after it', async () => {
    await t.db.collection('calls').insertMany([{ id: 3 }, { id: 57, subject: 'highest' }, { id: 12 }]);
    await t.db.collection('activity_logs').insertMany([{ id: 31 }, { id: 8 }]);
    const up = await runMigrate(['up'], { env: { MONGO_DB: t.name, SEED_CALLS: '1000' } });
    expect(up.code).toBe(0);
    expect(up.stdout).toContain('ids 58..1057');
    expect(up.stdout).toContain('ids 32..1031');
    const counters = await t.db
      .collection('counters')
      .find({}, { sort: { _id: 1 } })
      .toArray();
    // The app's next id comes after the seeded block: nothing is ever handed out twice.
    expect(counters).toEqual([
      { _id: 'activity_logs', seq: 1031 },
      { _id: 'calls', seq: 1057 },
    ]);
    await expect(nextId(t.db.collection<Counter>('counters'), 'calls')).resolves.toBe(1058);
  });
});
