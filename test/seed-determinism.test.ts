import { seedCalls } from 'crm-calls-seed';
import { openTestDb, stripIds } from './support/test-db';
import type { TestDb } from './support/test-db';
import { runMigrate } from './support/run-process';

const ID_FIELDS = ['id', 'ukey', 'entity_id'];

async function seedInFreshDb(env: Record<string, string>): Promise<{ t: TestDb; docs: unknown[] }> {
  const t = await openTestDb('determinism');
  const up = await runMigrate(['up'], { env: { MONGO_DB: t.name, SEED_CALLS: '200', ...env } });
  expect(up.code).toBe(0);
  const calls = await t.db.collection('calls').find().sort({ id: 1 }).toArray();
  const logs = await t.db.collection('activity_logs').find().sort({ id: 1 }).toArray();
  return { t, docs: [...calls, ...logs].map((d) => stripIds(d, ID_FIELDS)) };
}

describe('SEED_RANDOM_SEED and SEED_REF_DATE make a run reproducible', () => {
  const opened: TestDb[] = [];
  afterAll(async () => Promise.all(opened.map((t) => t.drop())));

  test('the same seed and reference date give the same documents, field for field', async () => {
    const env = { SEED_RANDOM_SEED: '12345', SEED_REF_DATE: '2025-10-10T12:00:00Z' };
    const a = await seedInFreshDb(env);
    opened.push(a.t);
    // A different counter state shifts ids only.
    const bDb = await openTestDb('determinism-b');
    opened.push(bDb);
    await bDb.db.collection('counters').insertOne({ _id: 'calls', seq: 1000 } as never);
    const up = await runMigrate(['up'], {
      env: { MONGO_DB: bDb.name, SEED_CALLS: '200', ...env },
    });
    expect(up.code).toBe(0);
    const calls = await bDb.db.collection('calls').find().sort({ id: 1 }).toArray();
    const logs = await bDb.db.collection('activity_logs').find().sort({ id: 1 }).toArray();
    expect(calls[0]!['id']).toBe(1001);
    expect([...calls, ...logs].map((d) => stripIds(d, ID_FIELDS))).toEqual(a.docs);
  });

  test('a different seed gives different documents', async () => {
    const a = await seedInFreshDb({ SEED_RANDOM_SEED: '1', SEED_REF_DATE: '2025-10-10T12:00:00Z' });
    const b = await seedInFreshDb({ SEED_RANDOM_SEED: '2', SEED_REF_DATE: '2025-10-10T12:00:00Z' });
    opened.push(a.t, b.t);
    expect(b.docs).not.toEqual(a.docs);
    expect(b.docs).toHaveLength(a.docs.length);
  });
});

const REF = '2025-10-10T12:00:00Z';

describe('the same seed gives the same documents whatever the batch size and concurrency', () => {
  test('stored: batch size 7 one at a time and batch size 1000 four at a time write the same documents', async () => {
    const runs = [
      { batchSize: 7, concurrency: 1 },
      { batchSize: 1000, concurrency: 4 },
    ];
    const stored: unknown[][] = [];
    for (const run of runs) {
      const t = await openTestDb('scale-same');
      try {
        await seedCalls({ db: t.db, batch: 'same-docs', randomSeed: 99, refDate: REF, calls: 1500, ...run });
        const calls = await t.db.collection('calls').find().sort({ id: 1 }).toArray();
        const logs = await t.db.collection('activity_logs').find().sort({ id: 1 }).toArray();
        expect(calls).toHaveLength(1500);
        stored.push([...calls, ...logs].map((doc) => stripIds(doc)));
      } finally {
        await t.drop();
      }
    }
    expect(stored[1]).toEqual(stored[0]);
  }, 120_000);
});
