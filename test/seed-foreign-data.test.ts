import { openTestDb, snapshotDatabase } from './support/test-db';
import type { TestDb } from './support/test-db';
import { runMigrate } from './support/run-process';

describe('documents the seed did not write', () => {
  let t: TestDb;
  beforeAll(async () => (t = await openTestDb('foreign')));
  afterAll(async () => t.drop());

  test('are identical after up + down: unmarked calls and logs, counters, other collections', async () => {
    await t.db.collection('calls').insertMany([
      { id: 7, ukey: '10007', subject: 'Real customer call', type: 'inbound', tenant_id: 1, deleted: 0 },
      {
        id: 9,
        ukey: '10009',
        subject: 'Another real call',
        type: 'outbound',
        tenant_id: 1,
        seed: 'not a marker',
      },
    ]);
    await t.db.collection('activity_logs').insertOne({ id: 3, activity_type: 'call_created', entity_id: 7 });
    await t.db
      .collection('counters')
      .insertMany([
        { _id: 'calls', seq: 9 } as never,
        { _id: 'activity_logs', seq: 3 } as never,
        { _id: 'leads', seq: 41 } as never,
      ]);
    await t.db.collection('leads').insertOne({ id: 41, name: 'Ada' });
    const before = await snapshotDatabase(t.db);

    const up = await runMigrate(['up'], { env: { MONGO_DB: t.name } });
    expect(up.code).toBe(0);
    // The counter was respected: seeded ids start after the app's.
    expect(
      await t.db.collection('calls').findOne({ seed_batch: { $exists: true } }, { sort: { id: 1 } }),
    ).toMatchObject({
      id: 10,
    });
    const down = await runMigrate(['down'], { env: { MONGO_DB: t.name } });
    expect(down.code).toBe(0);

    const after = await snapshotDatabase(t.db, ['changelog', 'seed_locks', 'seed_batches']);
    // Counters advance (ids are never reused) but nothing else about them changes.
    expect(after['counters']).toEqual([
      { _id: 'activity_logs', seq: 503 },
      { _id: 'calls', seq: 509 },
      { _id: 'leads', seq: 41 },
    ]);
    delete after['counters'];
    delete before['counters'];
    expect(after).toEqual(before);
  });
});
