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
 * The point is an event, not a size: 2,000 calls in chunks of 100 are 20 chunks, so `mid-calls`
 * and `between-calls-and-logs` land half-way through the writes.
 */
const CALLS = 2_000;
const BATCH_SIZE = '100';

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
      SEED_BATCH_SIZE: BATCH_SIZE,
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
      env: { MONGO_DB: t.name, SEED_CALLS: String(calls), SEED_BATCH_SIZE: BATCH_SIZE },
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
        expect(left.calls).toBeGreaterThanOrEqual(CALLS / 2);
        expect(left.logs).toBeGreaterThanOrEqual(CALLS / 2);
        expect(left.calls).toBeLessThan(CALLS);
      },
    ],
    [
      'between-calls-and-logs',
      // The middle chunk's calls are in, its logs are not: calls without logs.
      (left: { calls: number; logs: number }) => {
        expect(left.calls).toBeGreaterThan(left.logs);
        expect(left.logs).toBeLessThan(CALLS);
      },
    ],
  ] as const)(
    'of a 2,000-call seed at %s: exactly 2,000 calls and logs after the rerun',
    async (point, expectLeft) => {
      const left = await killAt(point, CALLS);
      expectLeft(left);

      const again = await upAgain(CALLS);
      if (left.calls + left.logs > 0) expectRemovedAtLeast(again.stderr, left, 'an interrupted run');
      await expectExactBatch(t.db, CALLS, foreign);
    },
  );

  test('after every document was written but before the changelog entry: the rerun replaces the batch', async () => {
    expect(await killAt('before-changelog', CALLS)).toEqual({ calls: CALLS, logs: CALLS });
    const again = await upAgain(CALLS);
    expect(again.stderr).toContain(
      `removed ${CALLS} calls, ${CALLS} activity_logs left by an interrupted run`,
    );
    await expectExactBatch(t.db, CALLS, foreign);
  });

  test('down after a killed up removes the partial batch, although migrate-mongo sees nothing applied', async () => {
    const left = await killAt('mid-calls', CALLS);
    const down = await runMigrate(['down'], { env: { MONGO_DB: t.name } });
    expect(down.code).toBe(0);
    expectRemovedAtLeast(down.stdout, left, `an interrupted up of ${BATCH}`);
    expect(await batchCounts(t.db)).toEqual({ calls: 0, logs: 0 });
    expect(await foreignSnapshot(t.db)).toEqual(foreign);
  });
});
