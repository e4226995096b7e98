import type { Stats } from 'crm-calls-seed/internal';
import { openTestDb } from '../support/test-db';
import type { TestDb } from '../support/test-db';
import { cli } from './support/cli';
import { insertForeignData, seedBatch } from './support/seeding';

describe('crm-seed stats', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb('stats');
    await seedBatch(t.db, 'batch-a', 30);
    await seedBatch(t.db, 'batch-b', 20);
    await insertForeignData(t.db);
  });
  afterAll(async () => t.drop());

  test('--json: totals per collection, each batch with its state, counts and id ranges, from the registry', async () => {
    const { code, stdout, stderr } = await cli(['stats', '--json', '--db', t.name]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const stats = JSON.parse(stdout) as Stats & { database: string };
    expect(stats.database).toBe(t.name);
    expect(stats.source).toMatch(/^the batch registry \(seed_batches\)/);
    expect(stats.collections).toEqual({ calls: { seeded: 50 }, activity_logs: { seeded: 50 } });
    const batch = (name: string, first: number, last: number, count: number): unknown =>
      expect.objectContaining({
        batch: name,
        state: 'complete',
        legacy: false,
        collections: [
          { name: 'calls', count, first, last },
          { name: 'activity_logs', count, first, last },
        ],
      }) as unknown;
    expect(stats.batches).toEqual([batch('batch-a', 1, 30, 30), batch('batch-b', 31, 50, 20)]);
    // The figures are the documents' own: a full count agrees.
    for (const b of stats.batches) {
      for (const c of b.collections) {
        expect(await t.db.collection(c.name).countDocuments({ seed_batch: b.batch })).toBe(c.count);
      }
    }
  });

  test('--totals adds every document and the app’s own per collection, from metadata', async () => {
    const { code, stdout } = await cli(['stats', '--json', '--totals', '--db', t.name]);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as Stats).collections).toEqual({
      calls: { total: 52, seeded: 50, unmarked: 2 },
      activity_logs: { total: 52, seeded: 50, unmarked: 2 },
    });
  });

  test('a table on the terminal: collections, then one row per batch and collection', async () => {
    const { code, stdout } = await cli(['stats', '--totals', '--db', t.name]);
    expect(code).toBe(0);
    expect(stdout).toContain(`Database ${t.name} at mongodb://`);
    expect(stdout).toMatch(/calls\s+│ 50\s+│ 52\s+│ 2/);
    expect(stdout).toMatch(/batch-a\s+│ complete\s+│ calls\s+│ 30\s+│ 1\.\.30/);
    expect(stdout).toMatch(/│\s+│\s+│ activity_logs\s+│ 20\s+│ 31\.\.50/);
    expect(stdout).toContain(
      'Figures from the batch registry (seed_batches); `crm-seed verify` reads every document.',
    );
  });
});
