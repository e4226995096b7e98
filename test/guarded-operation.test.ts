import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { MongoClient } from 'mongodb';
import { DatabaseError, SafetyError, seedCalls } from 'crm-calls-seed';
import type { Logger } from 'crm-calls-seed';
import {
  DEFAULT_PRODUCTION_PATTERN,
  lifecycleEmitter,
  runGuarded,
  unlockSeedLock,
} from 'crm-calls-seed/internal';
import type { Clock, GuardedOptions, LockTiming } from 'crm-calls-seed/internal';
import { openTestDb, serverUrl } from './support/test-db';
import type { TestDb } from './support/test-db';

/**
 * The one guarded operation every writing path goes through, in this process: an injected
 * clock ages or stalls a holder without waiting, and real processes are not needed.
 */
const GUARD = { allowProduction: false, productionPattern: DEFAULT_PRODUCTION_PATTERN };
/** Real heartbeats far apart, so only the injected clock decides staleness and fencing. */
const TIMING: LockTiming = { heartbeatMs: 60_000, staleAfterMs: 15_000, fenceAfterMs: 11_000 };

function manualClock(): Clock & { advance(ms: number): void } {
  let now = Date.now();
  return { now: () => now, advance: (ms) => (now += ms) };
}

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info: () => undefined, warn: (line) => warnings.push(line) };
}

function options(t: TestDb, extra: Partial<GuardedOptions> = {}): GuardedOptions {
  return {
    db: t.db,
    command: 'up',
    batch: 'guarded',
    guard: GUARD,
    logger: recordingLogger(),
    emit: lifecycleEmitter(undefined),
    lock: { timing: TIMING },
    ...extra,
  };
}

/** A pid that no running process has: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

function lockDoc(fields: { host: string; pid: number; heartbeatAt: Date }): Record<string, unknown> {
  const acquiredAt = new Date(fields.heartbeatAt.getTime() - 1000);
  return { _id: 'crm-seed', token: 'old-token', command: 'up', batch: 'old-batch', acquiredAt, ...fields };
}

describe('the guarded operation', () => {
  let t: TestDb;
  beforeEach(async () => (t = await openTestDb('guarded')));
  afterEach(async () => t.drop());

  test('takes over the lock of a holder whose process is gone, and says so', async () => {
    await t.db
      .collection('seed_locks')
      .insertOne(lockDoc({ host: hostname(), pid: deadPid(), heartbeatAt: new Date() }));
    const logger = recordingLogger();
    const takeover = await runGuarded(options(t, { logger }), (run) => Promise.resolve(run.lock.takeover));
    expect(takeover?.reason).toMatch(/is no longer running/);
    expect(takeover?.holderMayBeAlive).toBe(false);
    expect(logger.warnings.join('\n')).toContain('took over the seed lock from "up" of batch old-batch');
    expect(await t.db.collection('seed_locks').countDocuments()).toBe(0);
  });

  test('refuses a live holder (LOCK_HELD, holder named), then takes over once its heartbeat is stale', async () => {
    const clock = manualClock();
    await t.db
      .collection('seed_locks')
      .insertOne(lockDoc({ host: 'another-host', pid: 4242, heartbeatAt: new Date(clock.now()) }));
    const held = await runGuarded(options(t, { lock: { clock, timing: TIMING } }), () =>
      Promise.resolve('ran'),
    ).catch((err: unknown) => err);
    expect(held).toBeInstanceOf(SafetyError);
    expect(held).toMatchObject({
      code: 'LOCK_HELD',
      holder: { host: 'another-host', pid: 4242, batch: 'old-batch' },
    });

    clock.advance(TIMING.staleAfterMs + 1000);
    const takeover = await runGuarded(options(t, { lock: { clock, timing: TIMING } }), (run) =>
      Promise.resolve(run.lock.takeover),
    );
    expect(takeover).toEqual({ reason: 'no heartbeat for 16 s', holderMayBeAlive: true });
  });

  test('a holder that stalls past the fence stops writing (LOCK_LOST) and takes back its own documents', async () => {
    const clock = manualClock();
    const failure = await seedCalls({
      db: t.db,
      batch: 'stalled',
      calls: 3000,
      batchSize: 500,
      lock: { clock, timing: TIMING },
      // The run "stalls" after its first chunk: no renewal for longer than the fence.
      hooks: {
        onEvent: (e) =>
          e.type === 'progress' && e.written === 500 && clock.advance(TIMING.fenceAfterMs + 1000),
      },
    }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(SafetyError);
    expect(failure).toMatchObject({ code: 'LOCK_LOST', batch: 'stalled' });
    expect(await t.db.collection('calls').countDocuments({ seed_batch: 'stalled' })).toBe(0);
    expect(await t.db.collection('activity_logs').countDocuments({ seed_batch: 'stalled' })).toBe(0);
    expect(await t.db.collection('seed_locks').countDocuments()).toBe(0);
  });

  test('on connection loss it gives up the lock without touching the server (CONNECTION_LOST); the next run takes over', async () => {
    const client = await MongoClient.connect(serverUrl());
    const db = client.db(t.name);
    const failure = await runGuarded(options(t, { db }), async () => {
      await client.close();
      await db.collection('calls').insertOne({ id: 1 });
    }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(DatabaseError);
    expect(failure).toMatchObject({ code: 'CONNECTION_LOST', batch: 'guarded' });
    expect((failure as Error).message).toMatch(
      /^lost the connection to the database during up of batch guarded/,
    );
    // Abandoned, not released: the lock is still there for its timeout (or the dead-process check).
    expect(await t.db.collection('seed_locks').countDocuments()).toBe(1);
    expect(await t.db.collection('calls').countDocuments()).toBe(0);

    const clock = manualClock();
    clock.advance(TIMING.staleAfterMs + 1000);
    // Same host and this process is alive: only the stale heartbeat lets the next run in.
    const takeover = await runGuarded(options(t, { lock: { clock, timing: TIMING } }), (run) =>
      Promise.resolve(run.lock.takeover),
    );
    expect(takeover?.reason).toMatch(/^no heartbeat for \d+ s$/);
  });

  test('the production guard looks at the database in hand, before the lock: nothing is written', async () => {
    const db = t.client.db(`${t.name}_prod`);
    try {
      const refused = await runGuarded(options(t, { db }), () => Promise.resolve('ran')).catch(
        (e: unknown) => e,
      );
      expect(refused).toMatchObject({ code: 'PRODUCTION_REFUSED' });
      expect((refused as Error).message).toContain(
        `database name "${t.name}_prod" matches the production pattern`,
      );
      expect(await db.listCollections().toArray()).toEqual([]);
    } finally {
      await db.dropDatabase();
    }
  });

  test('release on success and on a refused piece of work: the lock is free again', async () => {
    await expect(runGuarded(options(t), () => Promise.resolve(7))).resolves.toBe(7);
    await expect(
      runGuarded(options(t), () => Promise.reject(new SafetyError('no', { code: 'MARKER_IN_USE' }))),
    ).rejects.toMatchObject({ code: 'MARKER_IN_USE' });
    expect(await t.db.collection('seed_locks').countDocuments()).toBe(0);
  });
});

describe('crm-seed unlock (unlockSeedLock)', () => {
  let t: TestDb;
  beforeEach(async () => (t = await openTestDb('unlock')));
  afterEach(async () => t.drop());
  const locks = () => t.db.collection('seed_locks');

  test('keeps a lock whose heartbeat is fresh by the server clock; removes it once silent for 15 s', async () => {
    await locks().insertOne(lockDoc({ host: 'another-host', pid: 4242, heartbeatAt: new Date() }));
    const live = await unlockSeedLock(t.db, { watchMs: 10, timing: TIMING }).catch((e: unknown) => e);
    expect(live).toBeInstanceOf(SafetyError);
    expect(live).toMatchObject({ code: 'LOCK_HELD' });
    expect((live as Error).message).toMatch(
      /the seed lock is live: "up" of batch old-batch by pid 4242 on another-host/,
    );
    expect(await locks().countDocuments()).toBe(1);

    const clock = manualClock();
    clock.advance(TIMING.staleAfterMs + 1000);
    const result = await unlockSeedLock(t.db, { watchMs: 10, timing: TIMING, clock });
    expect(result).toEqual({
      removed: true,
      description: expect.stringMatching(/^removed the seed lock of "up" of batch old-batch/) as unknown,
    });
    expect(await locks().countDocuments()).toBe(0);
    expect(await unlockSeedLock(t.db, { watchMs: 10 })).toEqual({
      removed: false,
      description: 'no seed lock is held',
    });
  });

  test('removes the lock of a holder on this host whose process is gone at once', async () => {
    await locks().insertOne(lockDoc({ host: hostname(), pid: deadPid(), heartbeatAt: new Date() }));
    expect(await unlockSeedLock(t.db, { watchMs: 10, timing: TIMING })).toMatchObject({ removed: true });
  });
});
