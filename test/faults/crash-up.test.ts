import { runMigrate } from '../support/run-process';
import { openTestDb } from '../support/test-db';
import type { TestDb } from '../support/test-db';
import {
  addForeignData,
  BATCH,
  batchCounts,
  expectExactBatch,
  foreignSnapshot,
  SEED_FILE,
} from './support/fault-data';
import { killStartedProcesses, startMigrate } from './support/seed-process';

/**
 * kill -9 of `npm run migrate -- up` at exact points (SEED_TEST_PAUSE_AT stops the process
 * there), then `up` again: it takes over the dead run's lock, removes what the dead run left
 * by its marker, and ends with exactly the requested batch. Foreign data never changes.
 */
describe('up killed with kill -9, then up again', () => {
  let t: TestDb;
  let foreign: unknown;
  beforeEach(async () => {
    t = await openTestDb('crash');
    await addForeignData(t.db);
    foreign = await foreignSnapshot(t.db);
  });
  afterEach(async () => {
    await killStartedProcesses();
    await t.drop();
  });

  async function killAt(point: Parameters<ReturnType<typeof startMigrate>['paused']>[0], calls: number) {
    const run = startMigrate(['up'], {
      MONGO_DB: t.name,
      SEED_CALLS: String(calls),
      SEED_TEST_PAUSE_AT: point,
    });
    await run.paused(point);
    run.kill();
    expect((await run.done).signal).toBe('SIGKILL');
    expect(await t.db.collection('changelog').countDocuments()).toBe(0);
    // Counted once: an insert in flight when the process stopped may still land, so later counts are >=.
    return batchCounts(t.db);
  }

  /** The rerun's report of what it removed: at least what was counted right after the kill. */
  function expectRemovedAtLeast(output: string, left: { calls: number; logs: number }, what: string): void {
    const match = new RegExp(`removed (\\d+) calls, (\\d+) activity_logs left by ${what}`).exec(output);
    expect(match).not.toBeNull();
    expect(Number(match![1])).toBeGreaterThanOrEqual(left.calls);
    expect(Number(match![2])).toBeGreaterThanOrEqual(left.logs);
  }

  async function upAgain(calls: number) {
    const again = await runMigrate(['up'], {
      env: { MONGO_DB: t.name, SEED_CALLS: String(calls) },
      timeoutMs: 400_000,
    });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`MIGRATED UP: ${SEED_FILE}`);
    expect(again.stderr).toMatch(
      /took over the seed lock from "up" of batch \S+ by pid \d+ .*: its process \d+ is no longer running/,
    );
    return again;
  }

  test.each([
    ['after-reserve', (left: { calls: number; logs: number }) => expect(left).toEqual({ calls: 0, logs: 0 })],
    [
      'mid-calls',
      (left: { calls: number; logs: number }) => {
        expect(left.calls).toBeGreaterThanOrEqual(50_000);
        expect(left.logs).toBeGreaterThanOrEqual(50_000);
        expect(left.calls).toBeLessThan(100_000);
      },
    ],
    [
      'between-calls-and-logs',
      // The middle chunk's calls are in, its logs are not: calls without logs.
      (left: { calls: number; logs: number }) => {
        expect(left.calls).toBeGreaterThan(left.logs);
        expect(left.logs).toBeLessThan(100_000);
      },
    ],
  ] as const)(
    'of a 100,000-call seed at %s: exactly 100,000 calls and logs after the rerun',
    async (point, expectLeft) => {
      const left = await killAt(point, 100_000);
      expectLeft(left);

      const again = await upAgain(100_000);
      if (left.calls + left.logs > 0) expectRemovedAtLeast(again.stderr, left, 'an interrupted run');
      await expectExactBatch(t.db, 100_000, foreign);
    },
  );

  test('after every document was written but before the changelog entry: the rerun replaces the batch', async () => {
    expect(await killAt('before-changelog', 10_000)).toEqual({ calls: 10_000, logs: 10_000 });
    const again = await upAgain(10_000);
    expect(again.stderr).toContain(`removed 10000 calls, 10000 activity_logs left by an interrupted run`);
    await expectExactBatch(t.db, 10_000, foreign);
  });

  test('down after a killed up removes the partial batch, although migrate-mongo sees nothing applied', async () => {
    const left = await killAt('mid-calls', 20_000);
    const down = await runMigrate(['down'], { env: { MONGO_DB: t.name } });
    expect(down.code).toBe(0);
    expectRemovedAtLeast(down.stdout, left, `an interrupted up of ${BATCH}`);
    expect(await batchCounts(t.db)).toEqual({ calls: 0, logs: 0 });
    expect(await foreignSnapshot(t.db)).toEqual(foreign);
  });
});
