import type { Stats } from '../../src/inspect/collect-stats';
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
    // Orphans: a call of batch-a whose log is gone, and a log of batch-b whose call is gone.
    await t.db.collection('activity_logs').deleteOne({ seed_batch: 'batch-a', entity_id: 7 });
    await t.db.collection('calls').deleteOne({ seed_batch: 'batch-b', id: 40 });
  });
  afterAll(async () => t.drop());

  test('--json: totals per collection, each batch with counts, id and date ranges, orphans', async () => {
    const { code, stdout, stderr } = await cli(['stats', '--json', '--db', t.name]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const stats = JSON.parse(stdout) as Stats & { database: string };

    const startTimes = async (batch: string): Promise<string[]> =>
      (await t.db.collection('calls').find({ seed_batch: batch }).toArray())
        .map((c) => String(c['start_time']))
        .sort();
    const a = await startTimes('batch-a');
    const b = await startTimes('batch-b');
    expect(stats).toEqual({
      database: t.name,
      collections: {
        calls: { total: 51, seeded: 49, unmarked: 2 },
        activity_logs: { total: 51, seeded: 49, unmarked: 2 },
      },
      batches: [
        {
          batch: 'batch-a',
          calls: 30,
          callIds: { first: 1, last: 30 },
          startTime: { first: a[0], last: a[a.length - 1] },
          logs: 29,
          logIds: { first: 1, last: 30 },
          logsWithoutCall: 0,
          callsWithoutLog: 1,
        },
        {
          batch: 'batch-b',
          calls: 19,
          callIds: { first: 31, last: 50 },
          startTime: { first: b[0], last: b[b.length - 1] },
          logs: 20,
          logIds: { first: 31, last: 50 },
          logsWithoutCall: 1,
          callsWithoutLog: 0,
        },
      ],
      orphans: { logsWithoutCall: 1, callsWithoutLog: 1 },
    });
  });

  test('a table on the terminal: collections, batches, orphans', async () => {
    const { code, stdout } = await cli(['stats', '--db', t.name]);
    expect(code).toBe(0);
    expect(stdout).toContain(`Database ${t.name} at mongodb://`);
    expect(stdout).toMatch(/calls\s+│ 51\s+│ 49\s+│ 2/);
    expect(stdout).toMatch(/batch-a\s+│ 30\s+│ 1\.\.30\s+│ 29/);
    expect(stdout).toContain('Orphans: 1 seeded logs whose call is gone, 1 seeded calls without their log');
  });
});
