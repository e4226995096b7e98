import { hostname } from 'node:os';
import { LOCK_TIMING } from 'crm-calls-seed/internal';
import { runMigrate } from '../support/run-process';
import { openTestDb, snapshotDatabase } from '../support/test-db';
import type { TestDb } from '../support/test-db';
import { addForeignData, BATCH, expectExactBatch, foreignSnapshot, SEED_FILE } from './support/fault-data';
import { killStartedProcesses, startMigrate, withoutPauseMarkers } from './support/seed-process';

const LOST_RACE =
  /another seed run holds the lock: "up" of batch \S+ by pid \d+ on \S+ since \S+; wait for it to finish and retry|was applied by another run while this one waited for the lock; nothing written/;

/** The app's counters after exactly one batch of `calls`: the loser reserved nothing. */
async function expectOneReservation(t: TestDb, calls: number): Promise<void> {
  const counters = await t.db
    .collection('counters')
    .find({}, { sort: { _id: 1 } })
    .toArray();
  expect(counters.map((c): unknown[] => [c['_id'], c['seq']])).toEqual([
    ['activity_logs', 22 + calls],
    ['calls', 22 + calls],
    ['leads', 41],
  ]);
}

/**
 * Where a run stops is an event (pause-at.cjs), not a size: seeds are as small as each case
 * allows. 2,000 calls in chunks of 100 are 20 chunks, so `mid-calls` is half-way through the writes.
 */
const CALLS = 2_000;
const BATCH_SIZE = '100';

describe('two `up` runs against the same database', () => {
  let t: TestDb;
  let foreign: unknown;
  beforeEach(async () => {
    t = await openTestDb('race');
    await addForeignData(t.db);
    foreign = await foreignSnapshot(t.db);
  });
  afterEach(async () => {
    await killStartedProcesses();
    await t.drop();
  });
  const env = (calls: number, extra: Record<string, string> = {}) => ({
    MONGO_DB: t.name,
    SEED_CALLS: String(calls),
    SEED_BATCH_SIZE: BATCH_SIZE,
    ...extra,
  });

  test.each(Array.from({ length: 10 }, (_, i) => i + 1))(
    'started together (round %i): exactly one batch, one changelog entry; the loser says why and writes nothing',
    async () => {
      // Both read the changelog (the seed is pending) and stop just before the lock; let go
      // together, they race for it, whatever the size of the seed.
      const first = startMigrate(['up'], env(1000, { SEED_TEST_PAUSE_AT: 'before-lock' }));
      const second = startMigrate(['up'], env(1000, { SEED_TEST_PAUSE_AT: 'before-lock' }));
      await Promise.all([first.paused('before-lock'), second.paused('before-lock')]);
      first.resume();
      second.resume();
      const [a, b] = await Promise.all([first.done, second.done]);
      const [winner, loser] = a.code === 0 ? [a, b] : [b, a];
      expect(winner.code).toBe(0);
      expect(winner.stdout).toContain(`MIGRATED UP: ${SEED_FILE}`);
      expect(loser.code).not.toBe(0);
      expect(loser.stdout).not.toContain('MIGRATED UP');
      const lines = withoutPauseMarkers(loser.stderr).trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(LOST_RACE);

      expect(await t.db.collection('changelog').countDocuments()).toBe(1);
      await expectExactBatch(t.db, 1000, foreign);
      await expectOneReservation(t, 1000);
    },
  );

  test('a run that read the changelog before the other finished does not apply the seed again', async () => {
    // B reads the changelog (pending), then stops just before taking the lock.
    const b = startMigrate(['up'], env(2000, { SEED_TEST_PAUSE_AT: 'before-lock' }));
    await b.paused('before-lock');
    const a = await runMigrate(['up'], { env: env(2000) });
    expect(a.code).toBe(0);
    const afterA = await snapshotDatabase(t.db, ['seed_locks', 'seed_batches']);

    b.resume();
    const lost = await b.done;
    expect(lost.code).not.toBe(0);
    expect(withoutPauseMarkers(lost.stderr).trim()).toMatch(
      new RegExp(
        `^ERROR: Could not migrate up ${SEED_FILE}: ${SEED_FILE} was applied by another run while this one waited for the lock; nothing written\\s*$`,
      ),
    );
    expect(await snapshotDatabase(t.db, ['seed_locks', 'seed_batches'])).toEqual(afterA);
    expect(await t.db.collection('changelog').countDocuments()).toBe(1);
    await expectExactBatch(t.db, 2000);
  });

  test('a run started while another is working is refused with the holder named, and the other finishes', async () => {
    // B waits just before the lock, so it can try the lock the moment A holds it (no start-up delay
    // during which A's heartbeat could go stale).
    const b = startMigrate(['up'], env(CALLS, { SEED_TEST_PAUSE_AT: 'before-lock' }));
    await b.paused('before-lock');
    const a = startMigrate(['up'], env(CALLS, { SEED_TEST_PAUSE_AT: 'mid-calls' }));
    await a.paused('mid-calls');
    const locksBefore = await t.db.collection('seed_locks').find().sort({ _id: 1 }).toArray();

    b.resume();
    const refused = await b.done;
    expect(refused.code).not.toBe(0);
    expect(withoutPauseMarkers(refused.stderr).trim()).toMatch(
      new RegExp(
        `^ERROR: Could not migrate up ${SEED_FILE}: another seed run holds the lock: "up" of batch ${BATCH} by pid ${a.pid} on ${hostname()} since \\S+; wait for it to finish and retry`,
      ),
    );
    expect(await t.db.collection('seed_locks').find().sort({ _id: 1 }).toArray()).toEqual(locksBefore);

    a.resume();
    expect((await a.done).code).toBe(0);
    // B reserved no ids and wrote no document: the counters moved by A's batch alone.
    await expectOneReservation(t, CALLS);
    await expectExactBatch(t.db, CALLS, foreign);
  });

  test('a holder that stalls past the heartbeat limit is taken over; when it wakes it stops and takes back its own writes', async () => {
    const a = startMigrate(['up'], env(CALLS, { SEED_TEST_PAUSE_AT: 'mid-calls' }));
    await a.paused('mid-calls');
    // A is alive but silent: only its stale heartbeat lets B in.
    await new Promise((r) => setTimeout(r, LOCK_TIMING.staleAfterMs + 1_000));

    const b = await runMigrate(['up'], { env: env(CALLS), timeoutMs: 120_000 });
    expect(b.code).toBe(0);
    expect(b.stderr).toMatch(
      new RegExp(
        `took over the seed lock from "up" of batch ${BATCH} by pid ${a.pid} .*: no heartbeat for \\d+ s`,
      ),
    );

    a.resume();
    const woken = await a.done;
    expect(woken.code).not.toBe(0);
    const lines = withoutPauseMarkers(woken.stderr).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/stopped|taken over/);

    expect(await t.db.collection('changelog').countDocuments()).toBe(1);
    await expectExactBatch(t.db, CALLS, foreign);
  });
});
