import { crmCalls, seedCalls } from 'crm-calls-seed';
import { createHash } from 'node:crypto';
import {
  createIsoFormatter,
  createRandom,
  generateDataset,
  planOf,
  removeBatch,
} from 'crm-calls-seed/internal';
import { expectValidBatch } from './support/seeded-data';
import { openTestDb, stripIds } from './support/test-db';
import type { TestDb } from './support/test-db';

// Correctness at scale, not speed: timings are the benchmark's job (npm run bench).

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

describe('the same seed gives the same documents whatever the batch size and concurrency', () => {
  test('generation alone: chunk sizes 1, 333 and 10,000 give byte-identical output', () => {
    const plan = planOf(crmCalls, { ...SAME, calls: 10_000 }, { batch: 'same-docs' });
    // Calls and logs hashed apart: only the documents count, not where the chunks split them.
    const digest = (chunkSize: number): string => {
      const calls = createHash('sha256');
      const logs = createHash('sha256');
      for (const chunk of generateDataset(plan, {}, chunkSize)) {
        for (const group of chunk.groups) {
          const hash = group.collection === 'calls' ? calls : logs;
          for (const doc of group.docs) hash.update(JSON.stringify(doc));
        }
      }
      return `${calls.digest('hex')} ${logs.digest('hex')}`;
    };
    const expected = digest(10_000);
    expect(digest(1)).toBe(expected);
    expect(digest(333)).toBe(expected);
  });

  test('stored: batch size 7 one at a time and batch size 1000 four at a time write the same documents', async () => {
    const runs = [
      { batchSize: 7, concurrency: 1 },
      { batchSize: 1000, concurrency: 4 },
    ];
    const stored: unknown[][] = [];
    for (const run of runs) {
      const t = await openTestDb('scale-same');
      try {
        await seedCalls({ db: t.db, batch: 'same-docs', ...SAME, calls: 1500, ...run });
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

describe('timestamps', () => {
  test('the cached ISO formatter writes exactly what Date#toISOString writes', () => {
    const iso = createIsoFormatter();
    const random = createRandom(5);
    const span = Date.UTC(10_100, 0, 1) - Date.UTC(-100, 0, 1);
    const instants = [
      0,
      -1,
      1,
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
    ];
    for (let i = 0; i < 20_000; i++) {
      const ms = Date.UTC(-100, 0, 1) + Math.floor(random.next() * span);
      // Whole minutes (what generation mostly makes) and arbitrary milliseconds.
      instants.push(ms, ms - (((ms % 60_000) + 60_000) % 60_000));
    }
    for (const ms of instants) expect(iso(ms)).toBe(new Date(ms).toISOString());
  });
});
