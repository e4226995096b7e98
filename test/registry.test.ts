import { collectStats } from 'crm-calls-seed/internal';
import type { Stats } from 'crm-calls-seed/internal';
import { seedCalls } from 'crm-calls-seed';
import { cli } from './cli/support/cli';
import { killStartedProcesses, startMigrate } from './faults/support/seed-process';
import { runMigrate } from './support/run-process';
import { untilSteady } from './support/settle';
import { openTestDb } from './support/test-db';
import type { TestDb } from './support/test-db';

/**
 * The batch registry (seed_batches): what stats answers from without reading the
 * collections. Its figures must equal a full count whatever happened to the batches.
 */
const SEED_FILE = '20251010000000-calls-500';

async function expectStatsEqualFullCount(t: TestDb): Promise<Stats> {
  const stats = await collectStats(t.db);
  for (const batch of stats.batches) {
    for (const c of batch.collections) {
      expect({ batch: batch.batch, [c.name]: c.count }).toEqual({
        batch: batch.batch,
        [c.name]: await t.db.collection(c.name).countDocuments({ seed_batch: batch.batch }),
      });
    }
  }
  for (const [name, totals] of Object.entries(stats.collections)) {
    expect({ name, seeded: totals.seeded }).toEqual({
      name,
      seeded: await t.db.collection(name).countDocuments({ seed_batch: { $exists: true } }),
    });
  }
  return stats;
}

/** An insert the killed process had sent may still land: wait until the counts stop moving. */
async function settled(t: TestDb): Promise<void> {
  await untilSteady(() => t.db.collection('calls').countDocuments(), 1000);
}

describe('the batch registry', () => {
  let t: TestDb;
  beforeEach(async () => (t = await openTestDb('registry')));
  afterEach(async () => {
    await killStartedProcesses();
    await t.drop();
  });

  test('stats equal a full count after up, a killed up, a cleanup by ids and a down', async () => {
    await seedCalls({ db: t.db, batch: 'first', calls: 300 });
    expect((await expectStatsEqualFullCount(t)).batches.map((b) => [b.batch, b.state])).toEqual([
      ['first', 'complete'],
    ]);

    // Killed half-way (6 of 12 chunks written): the pause point, not the size, puts it mid-write.
    const run = startMigrate(['up'], {
      MONGO_DB: t.name,
      SEED_CALLS: '600',
      SEED_BATCH_SIZE: '50',
      SEED_TEST_PAUSE_AT: 'mid-calls',
    });
    await run.paused('mid-calls');
    run.kill();
    await run.done;
    await settled(t);
    const afterKill = await expectStatsEqualFullCount(t);
    expect(afterKill.batches.find((b) => b.batch === SEED_FILE)?.state).toBe('writing');

    const cleanup = await cli(['cleanup', '--ids', '10-29', '--yes', '--db', t.name]);
    expect(cleanup.code).toBe(0);
    const afterCleanup = await expectStatsEqualFullCount(t);
    expect(afterCleanup.batches.find((b) => b.batch === 'first')?.collections[0]).toMatchObject({
      name: 'calls',
      count: 280,
    });

    // down of the never-applied seed file removes its partial batch; the other stays.
    const down = await runMigrate(['down'], { env: { MONGO_DB: t.name } });
    expect(down.code).toBe(0);
    const afterDown = await expectStatsEqualFullCount(t);
    expect(afterDown.batches.map((b) => b.batch)).toEqual(['first']);
  });

  test('marked documents no registry entry proves (the oldest version, the app, a dump) are no batch: down refuses, an operator removes them', async () => {
    // What 0.1.0 left (or what an app or an old dump holds): marked documents, a changelog entry, no seed_batches.
    const calls = Array.from({ length: 40 }, (_, i) => ({ id: i + 1, tenant_id: 1, seed_batch: SEED_FILE }));
    const logs = calls.map((c) => ({
      id: c.id,
      entity_type: 'call',
      entity_id: c.id,
      seed_batch: SEED_FILE,
    }));
    await t.db.collection('calls').insertMany(calls);
    await t.db.collection('activity_logs').insertMany(logs);
    await t.db.collection('calls').insertOne({ id: 900, subject: 'the app’s own' });
    await t.db.collection('changelog').insertOne({ fileName: `${SEED_FILE}.ts`, appliedAt: new Date() });

    // Never inferred from a marker: no batch listed, nothing recorded.
    expect((await collectStats(t.db)).batches).toEqual([]);
    const down = await runMigrate(['down'], { env: { MONGO_DB: t.name } });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(
      /batch 20251010000000-calls-500: 40 calls, 40 activity_logs carry its marker, but its registry entry is missing, so which of them this tool wrote cannot be proven; nothing was removed: .*crm-seed cleanup --batch 20251010000000-calls-500/,
    );
    expect(await t.db.collection('calls').countDocuments()).toBe(41);
    expect(await t.db.collection('activity_logs').countDocuments()).toBe(40);
    expect(await t.db.collection('seed_batches').countDocuments()).toBe(0);

    // The explicit operator command shows the counts as unproven and removes by marker when confirmed.
    const cleanup = await cli(['cleanup', '--batch', SEED_FILE, '--yes', '--db', t.name]);
    expect(cleanup.code).toBe(0);
    expect(cleanup.stdout).toContain('not proven to be its');
    expect(cleanup.stdout).toContain('Deleted 40 activity logs and 40 calls.');
    expect(await t.db.collection('calls').countDocuments()).toBe(1);
    // Now nothing carries the marker: down clears the changelog entry.
    const again = await runMigrate(['down'], { env: { MONGO_DB: t.name } });
    expect(again.code).toBe(0);
    expect(await t.db.collection('changelog').countDocuments()).toBe(0);
  });

  test('cleanup --last and --ids never select documents that only carry a marker', async () => {
    await t.db.collection('calls').insertMany([
      { id: 1, seed_batch: 'zeta' },
      { id: 2, seed_batch: 'alpha' },
      { id: 3, seed_batch: 'mu' },
    ]);
    expect((await collectStats(t.db)).batches).toEqual([]);
    for (const selector of [
      ['--last', '2'],
      ['--ids', '1-3'],
    ]) {
      const result = await cli(['cleanup', ...selector, '--yes', '--db', t.name]);
      expect(result.code).toBe(0);
      expect(result.stdout + result.stderr).toContain('Not selected: 3 calls carrying a seed marker');
    }
    expect(await t.db.collection('calls').countDocuments()).toBe(3);
  });
});
