import { join } from 'node:path';
import { BIN, runBin } from '../cli/support/cli';
import { tempDir } from '../cli/support/temp-dir';
import { SAME_SIGNAL_MS } from 'crm-calls-seed/internal';
import { expectOk, runMigrate } from '../support/run-process';
import type { ProcessResult } from '../support/run-process';
import { openTestDb } from '../support/test-db';
import type { TestDb } from '../support/test-db';
import {
  addForeignData,
  BATCH,
  batchCounts,
  batchCountsAndForeign,
  expectExactBatch,
  foreignSnapshot,
  SEED_FILE,
} from './support/fault-data';
import { killStartedProcesses, startMigrate, withoutPauseMarkers } from './support/seed-process';
import type { PausePoint } from './support/seed-process';

/**
 * SIGINT and SIGTERM during a write, in real processes stopped at exact points (pause-at.cjs):
 * the signal is sent while the process is stopped, then it goes on. Up and import are all or
 * nothing (zero documents of the run left, nothing applied); down and cleanup stop between
 * two deletes and say what is left, and running them again finishes with exact counts. The
 * exit code is 130 (SIGINT) or 143 (SIGTERM), with one line on stderr; the lock is released
 * (the next run does not have to take it over). A second signal exits at once; the next run
 * recovers. Foreign data never changes.
 */
/**
 * Where each case stops is an event (pause-at.cjs), not a size: 2,000 calls in chunks of 100 are
 * 20 chunks, so `mid-calls` and `between-calls-and-logs` land half-way through the writes.
 */
const CALLS = 2_000;
const BATCH_SIZE = '100';
/**
 * Just above FerretDB's per-delete limit (PART_SIZE, 30,000): removed in two id-range parts of
 * 16,000 per collection, so a signal can stop a removal half-way through a collection. Only the
 * cases that stop a whole-batch removal seed this many (each query over it is a full scan on
 * FerretDB: ~10 s per 40,000 documents on a busy 2-core machine).
 */
const BIG = 32_000;
const EXIT = { SIGINT: 130, SIGTERM: 143 } as const;
type Sig = keyof typeof EXIT;

let t: TestDb;
let foreign: unknown;
beforeEach(async () => {
  t = await openTestDb('signals');
  await addForeignData(t.db);
  foreign = await foreignSnapshot(t.db);
});
afterEach(async () => {
  await killStartedProcesses();
  await t.drop();
});

/** Starts `args` (migrate-mongo, or crm-seed with `bin`), sends `sig` at each pause point in turn, and waits for the end. */
async function interrupt(
  args: readonly string[],
  env: Record<string, string>,
  points: readonly PausePoint[],
  signals: readonly (Sig | undefined)[],
  options: { bin?: string; cwd?: string } = {},
): Promise<ProcessResult> {
  const run = startMigrate(args, { MONGO_DB: t.name, SEED_TEST_PAUSE_AT: points.join(','), ...env }, options);
  let signalled = false;
  for (const [i, point] of points.entries()) {
    await run.paused(point);
    const sig = signals[i];
    // A repeat within SAME_SIGNAL_MS counts as the same Ctrl-C: a second one must come later.
    if (sig && signalled) await new Promise((resolve) => setTimeout(resolve, SAME_SIGNAL_MS + 200));
    if (sig) {
      run.signal(sig);
      signalled = true;
    }
    run.resume();
  }
  return run.done;
}

/** The process ended with the signal's code and exactly one line on stderr, which is returned. */
function oneLine(result: ProcessResult, sig: Sig): string {
  // A cleanup by ids also names the marked documents it does not select (the app's, here): a line of its own.
  const stderr = withoutPauseMarkers(result.stderr)
    .split('\n')
    .filter((line) => !line.startsWith('Not selected: '))
    .join('\n')
    .trim();
  expect({ code: result.code, signal: result.signal }).toEqual({ code: EXIT[sig], signal: null });
  expect(stderr.split('\n')).toHaveLength(1);
  return stderr;
}

async function expectNoLockAndNoEntry(batch: string): Promise<void> {
  expect(await t.db.collection('seed_locks').countDocuments()).toBe(0);
  expect(await t.db.collection('seed_batches').findOne({ _id: batch as never })).toBeNull();
}

const migrate = (args: readonly string[], env: Record<string, string> = {}) =>
  runMigrate(args, { env: { MONGO_DB: t.name, ...env }, timeoutMs: 400_000 });
const SMALL_UP = { SEED_CALLS: String(CALLS), SEED_BATCH_SIZE: BATCH_SIZE };

describe('up (migrate-mongo) interrupted: nothing of the batch is left, nothing applied', () => {
  const nothingWritten = `nothing of batch ${BATCH} was written, and it is not applied`;
  const tookBack = new RegExp(
    `^removed the [\\d,]+ calls and [\\d,]+ activity_logs written so far; nothing of batch ${BATCH} is left, and it is not applied$`,
  );

  test.each([
    ['SIGINT', 'before-lock', (outcome: string) => expect(outcome).toBe(nothingWritten)],
    ['SIGTERM', 'after-reserve', (outcome: string) => expect(outcome).toMatch(tookBack)],
    ['SIGINT', 'mid-calls', (outcome: string) => expect(outcome).toMatch(tookBack)],
    ['SIGTERM', 'between-calls-and-logs', (outcome: string) => expect(outcome).toMatch(tookBack)],
  ] as const)('%s at %s', async (sig, point, expectOutcome) => {
    const result = await interrupt(['up'], SMALL_UP, [point], [sig]);
    const line = oneLine(result, sig);
    const prefix = `interrupted by ${sig} during up of ${BATCH}: `;
    expect(line.startsWith(prefix)).toBe(true);
    expectOutcome(line.slice(prefix.length));
    expect(result.stdout).not.toContain('MIGRATED UP');

    expect(await batchCounts(t.db)).toEqual({ calls: 0, logs: 0 });
    expect(await t.db.collection('changelog').countDocuments()).toBe(0);
    await expectNoLockAndNoEntry(BATCH);
    expect(await foreignSnapshot(t.db)).toEqual(foreign);

    // The next run finds a free lock and nothing to recover.
    const again = await migrate(['up'], SMALL_UP);
    expectOk(again);
    expect(again.stderr).toBe('');
    await expectExactBatch(t.db, CALLS, foreign);
  });

  test('a second SIGINT while the first one takes back the writes exits at once; the next up recovers', async () => {
    const result = await interrupt(['up'], SMALL_UP, ['mid-calls', 'before-removal'], ['SIGINT', 'SIGINT']);
    expect({ code: result.code, signal: result.signal }).toEqual({ code: 130, signal: null });
    // Exited without cleaning up, after one line saying so: the run's documents are still there.
    expect(withoutPauseMarkers(result.stderr).trim()).toMatch(
      /^SIGINT again during up of \S+: exited at once, without taking back what it wrote; it is not applied, and the next up or down of this seed removes it \(taking the lock over from this process\)$/,
    );
    expect((await batchCounts(t.db)).calls).toBeGreaterThan(0);
    expect(await t.db.collection('changelog').countDocuments()).toBe(0);

    const again = await migrate(['up'], SMALL_UP);
    expectOk(again);
    expect(again.stderr).toMatch(
      /took over the seed lock from "up" .*: its process \d+ is no longer running/,
    );
    expect(again.stderr).toMatch(/removed \d+ calls, \d+ activity_logs left by an interrupted run/);
    await expectExactBatch(t.db, CALLS, foreign);
  });
});

describe('down (migrate-mongo) interrupted: stops between deletes, down again finishes', () => {
  beforeEach(async () => expectOk(await migrate(['up'], { SEED_CALLS: String(BIG) })));

  test.each([
    [
      'SIGINT',
      1,
      'removed 16,000 of 32,000 activity_logs and 0 of 32,000 calls; 16,000 activity_logs and 32,000 calls left',
      { calls: BIG, logs: 16_000 },
    ],
    [
      'SIGTERM',
      3,
      'removed 32,000 of 32,000 activity_logs and 16,000 of 32,000 calls; 16,000 calls left',
      { calls: 16_000, logs: 0 },
    ],
  ] as const)('%s before delete %i', async (sig, nth, removed, left) => {
    const points = Array.from({ length: nth }, (): PausePoint => 'before-removal');
    const signals = points.map((_, i) => (i === nth - 1 ? sig : undefined));
    const result = await interrupt(['down'], {}, points, signals);
    expect(oneLine(result, sig)).toBe(
      `interrupted by ${sig} during down of ${BATCH}: ${removed}; run down again to finish`,
    );
    expect(result.stdout).not.toContain('MIGRATED DOWN');
    const state = await batchCountsAndForeign(t.db);
    expect(state.counts).toEqual(left);
    // Still applied, and the registry holds what is left.
    expect(await t.db.collection('changelog').countDocuments({ fileName: SEED_FILE })).toBe(1);
    const entry = await t.db.collection('seed_batches').findOne({ _id: BATCH as never });
    expect(
      Object.fromEntries(
        (entry?.['collections'] as { name: string; count: number }[]).map((c) => [c.name, c.count]),
      ),
    ).toEqual({
      calls: left.calls,
      activity_logs: left.logs,
    });
    expect(await t.db.collection('seed_locks').countDocuments()).toBe(0);
    expect(state.foreign).toEqual(foreign);

    const again = await migrate(['down']);
    expectOk(again);
    expect(again.stdout).toContain(`removed batch ${BATCH}: ${left.calls} calls, ${left.logs} activity_logs`);
    expect(again.stdout).toContain(`MIGRATED DOWN: ${SEED_FILE}`);
    expect(await batchCounts(t.db)).toEqual({ calls: 0, logs: 0 });
    expect(await t.db.collection('changelog').countDocuments()).toBe(0);
    // (The lock of a finished down waits for migrate-mongo's changelog: released by design once it is.)
    expect(await t.db.collection('seed_batches').findOne({ _id: BATCH as never })).toBeNull();
    expect(await foreignSnapshot(t.db)).toEqual(foreign);
  });
});

describe('crm-seed cleanup interrupted: stops between deletes, the same cleanup again finishes', () => {
  test('SIGINT during cleanup --batch', async () => {
    expectOk(await migrate(['up'], { SEED_CALLS: String(BIG) }));
    const result = await interrupt(
      ['cleanup', '--batch', BATCH, '--yes'],
      {},
      ['before-removal'],
      ['SIGINT'],
      {
        bin: BIN,
      },
    );
    expect(oneLine(result, 'SIGINT')).toBe(
      'crm-seed: interrupted by SIGINT: removed 16,000 of 32,000 activity_logs and 0 of 32,000 calls; ' +
        '16,000 activity_logs and 32,000 calls left; run the same cleanup again to finish',
    );
    expect(await batchCounts(t.db)).toEqual({ calls: BIG, logs: 16_000 });
    expect(await t.db.collection('seed_locks').countDocuments()).toBe(0);

    const again = await runBin(['cleanup', '--batch', BATCH, '--yes'], {
      env: { MONGO_DB: t.name },
      timeoutMs: 400_000,
    });
    expectOk(again);
    expect(again.stdout).toContain('Deleted 32,000 calls and 16,000 activity logs.');
    expect(await batchCounts(t.db)).toEqual({ calls: 0, logs: 0 });
    await expectNoLockAndNoEntry(BATCH);
    expect(await foreignSnapshot(t.db)).toEqual(foreign);
  });

  test('SIGTERM during cleanup --ids', async () => {
    // A range of 1,000 ids: one delete per collection, whatever the batch's size.
    expectOk(await migrate(['up'], SMALL_UP));
    const first = (await t.db.collection('calls').findOne({ seed_batch: BATCH }, { sort: { id: 1 } }))![
      'id'
    ] as number;
    const ids = `${first}-${first + 999}`;
    const result = await interrupt(['cleanup', '--ids', ids, '--yes'], {}, ['before-removal'], ['SIGTERM'], {
      bin: BIN,
    });
    expect(oneLine(result, 'SIGTERM')).toBe(
      'crm-seed: interrupted by SIGTERM: removed 1,000 of 1,000 activity_logs and 0 of 1,000 calls; ' +
        '1,000 calls left; run the same cleanup again to finish',
    );
    expect(await batchCounts(t.db)).toEqual({ calls: CALLS, logs: CALLS - 1000 });
    expect(await t.db.collection('seed_locks').countDocuments()).toBe(0);

    const again = await runBin(['cleanup', '--ids', ids, '--yes'], {
      env: { MONGO_DB: t.name },
      timeoutMs: 400_000,
    });
    expectOk(again);
    expect(again.stdout).toContain('Deleted 1,000 calls and 0 activity logs.');
    expect(await batchCounts(t.db)).toEqual({ calls: CALLS - 1000, logs: CALLS - 1000 });
    const entry = await t.db.collection('seed_batches').findOne({ _id: BATCH as never });
    expect((entry?.['collections'] as { count: number }[]).map((c) => c.count)).toEqual([
      CALLS - 1000,
      CALLS - 1000,
    ]);
    expect(await foreignSnapshot(t.db)).toEqual(foreign);
  });
});

describe('crm-seed import interrupted: all or nothing', () => {
  let dir: string;
  const MARKER = 'import-calls.jsonl';
  beforeEach(async () => {
    dir = tempDir();
    expectOk(
      await runBin(['generate', '--calls', String(CALLS), '--out', join(dir, 'calls.jsonl')], { cwd: dir }),
    );
  });

  test.each([
    ['SIGINT', 'mid-calls'],
    ['SIGTERM', 'between-calls-and-logs'],
  ] as const)('%s at %s: zero of its documents left, the same import then succeeds', async (sig, point) => {
    const result = await interrupt(
      ['import', 'calls.jsonl', '-q'],
      { SEED_BATCH_SIZE: BATCH_SIZE },
      [point],
      [sig],
      {
        bin: BIN,
        cwd: dir,
      },
    );
    expect(oneLine(result, sig)).toMatch(
      new RegExp(
        `^crm-seed: interrupted by ${sig}: removed the [\\d,]+ calls and [\\d,]+ activity_logs imported so far; nothing of this import is left$`,
      ),
    );
    expect(await batchCounts(t.db, MARKER)).toEqual({ calls: 0, logs: 0 });
    await expectNoLockAndNoEntry(MARKER);
    expect(await foreignSnapshot(t.db, [MARKER])).toEqual(foreign);

    const again = await runBin(['import', 'calls.jsonl'], {
      cwd: dir,
      env: { MONGO_DB: t.name },
      timeoutMs: 400_000,
    });
    expectOk(again);
    expect(await batchCounts(t.db, MARKER)).toEqual({ calls: CALLS, logs: CALLS });
  });
});
