import { seedCalls } from 'crm-calls-seed';
import { removeBatch } from 'crm-calls-seed/internal';
import { expectValidBatch } from './support/seeded-data';
import { openTestDb } from './support/test-db';
import type { TestDb } from './support/test-db';

// Correctness at scale, not speed: timings are the benchmark's job (npm run bench). Minutes on a
// busy machine, so `npm run test:scale` runs it, apart from `npm test` (CI runs both).

const REF = '2025-10-10T12:00:00Z';

const SAME = { randomSeed: 99, refDate: REF };

describe('seeding 50,000 calls through the streaming pipeline', () => {
  let t: TestDb;
  beforeAll(async () => (t = await openTestDb('scale-50k')));
  afterAll(async () => t.drop());

  test('gives exactly 50,000 schema-valid calls and 50,000 logs, ids unique and contiguous', async () => {
    const result = await seedCalls({
      db: t.db,
      batch: 'scale-50k',
      ...SAME,
      calls: 50_000,
      batchSize: 1000,
      concurrency: 2,
    });
    expect(result.collections.map(({ name, first, last }) => ({ name, first, last }))).toEqual([
      { name: 'calls', first: 1, last: 50_000 },
      { name: 'activity_logs', first: 1, last: 50_000 },
    ]);
    // Loads both collections, checks every document against the schema, the ids and the links.
    const { calls, logs } = await expectValidBatch(t.db, 'scale-50k', 50_000);
    expect(calls[0]!.id).toBe(1);
    expect(calls.at(-1)!.id).toBe(50_000);
    expect(logs.at(-1)!.id).toBe(50_000);
  }, 300_000);
});

describe('down of a batch larger than one server statement allows', () => {
  let t: TestDb;
  beforeAll(async () => (t = await openTestDb('scale-down')));
  afterAll(async () => t.drop());

  // FerretDB/SQLite refuses a deleteMany matching more than 32,766 documents; small documents
  // keep the test quick, removeBatch only looks at the marker and the id.
  test('removes all 33,000 marked documents of each collection and nothing else', async () => {
    const marked = Array.from({ length: 33_000 }, (_, i) => ({
      id: i + 1,
      seed_batch: 'big-batch',
      seed_run: 'run-1',
    }));
    const foreign = [
      { id: 40_001, note: 'app data' },
      { id: 40_002, seed_batch: 'another-batch' },
    ];
    for (const name of ['calls', 'activity_logs']) {
      await t.db
        .collection(name)
        .insertMany([...marked.map((d) => ({ ...d })), ...foreign.map((d) => ({ ...d }))]);
    }
    const registered = ['calls', 'activity_logs'].map((name) => ({
      name,
      count: 33_000,
      ids: 'counter' as const,
      first: 1,
      last: 33_000,
    }));
    expect(await removeBatch(t.db, { batch: 'big-batch', run: 'run-1' }, registered)).toEqual({
      calls: 33_000,
      activity_logs: 33_000,
    });
    for (const name of ['calls', 'activity_logs']) {
      const left = await t.db
        .collection(name)
        .find({}, { projection: { _id: 0 } })
        .sort({ id: 1 })
        .toArray();
      expect(left).toEqual(foreign);
    }
  }, 300_000);
});
