import { EventEmitter } from 'node:events';
import { InterruptedError, removeSeedBatch, seedCalls } from 'crm-calls-seed';
import { interruptible, interruptSignalOf, SAME_SIGNAL_MS } from 'crm-calls-seed/internal';
import type { InterruptSignal, LifecycleEvent, SignalHost } from 'crm-calls-seed/internal';
import { openTestDb } from './support/test-db';
import type { TestDb } from './support/test-db';

/**
 * The library side of Ctrl-C: an AbortSignal passed in, aborted at an exact lifecycle point
 * in this process. (The fault suite sends real signals to real processes: signals.test.ts.)
 */
describe('an aborted signal stops a run cleanly', () => {
  let t: TestDb;
  beforeEach(async () => (t = await openTestDb('interrupt')));
  afterEach(async () => t.drop());

  const counts = async (batch: string) => ({
    calls: await t.db.collection('calls').countDocuments({ seed_batch: batch }),
    logs: await t.db.collection('activity_logs').countDocuments({ seed_batch: batch }),
  });
  const entryCounts = async (batch: string) => {
    const entry = await t.db.collection('seed_batches').findOne({ _id: batch as never });
    return entry && (entry['collections'] as { name: string; count: number }[]).map((c) => [c.name, c.count]);
  };

  /** An AbortController aborted (with the signal's name, as the CLI does) at the first event that matches. */
  function abortAt(match: (e: LifecycleEvent) => boolean) {
    const controller = new AbortController();
    const onEvent = (e: LifecycleEvent): void => {
      if (!controller.signal.aborted && match(e)) controller.abort('SIGINT');
    };
    return { signal: controller.signal, hooks: { onEvent } };
  }

  test('seeding aborted mid-way takes back everything it wrote and releases the lock', async () => {
    const abort = abortAt((e) => e.type === 'progress' && e.written >= 1500);
    const err: unknown = await seedCalls({
      db: t.db,
      batch: 'cut',
      calls: 3000,
      batchSize: 500,
      ...abort,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InterruptedError);
    const interrupted = err as InterruptedError;
    expect(interrupted.code).toBe('INTERRUPTED');
    expect(interrupted.reason).toBe('SIGINT');
    expect(interruptSignalOf(err)).toBe('SIGINT');
    expect(interrupted.outcome).toMatch(
      /^removed the [\d,]+ calls and [\d,]+ activity_logs written so far; nothing of batch cut is left, and it is not applied$/,
    );
    expect(interrupted.removed['calls']).toBeGreaterThanOrEqual(1500);
    expect(await counts('cut')).toEqual({ calls: 0, logs: 0 });
    expect(await entryCounts('cut')).toBeNull();
    expect(await t.db.collection('seed_locks').countDocuments()).toBe(0);
  });

  test('already aborted: nothing is written, not even the lock', async () => {
    const controller = new AbortController();
    controller.abort('SIGTERM');
    const err = (await seedCalls({ db: t.db, batch: 'never', calls: 10, signal: controller.signal }).catch(
      (e: unknown) => e,
    )) as InterruptedError;
    expect(err.outcome).toBe('nothing of batch never was written, and it is not applied');
    expect(interruptSignalOf(err)).toBe('SIGTERM');
    expect(await t.db.listCollections({ name: 'seed_locks' }).toArray()).toEqual([]);
    expect(await counts('never')).toEqual({ calls: 0, logs: 0 });
  });

  test('removal aborted between deletes keeps what is left registered; removing again finishes', async () => {
    await seedCalls({ db: t.db, batch: 'half', calls: 400 });
    // Aborted as the first delete (the logs) is sent: it completes, the calls' delete is not sent.
    const abort = abortAt((e) => e.type === 'removing');
    const err = (await removeSeedBatch({ db: t.db, batch: 'half', ...abort }).catch(
      (e: unknown) => e,
    )) as InterruptedError;
    expect(err).toBeInstanceOf(InterruptedError);
    expect(err.outcome).toBe(
      'removed 400 of 400 activity_logs and 0 of 400 calls; 400 calls left; run down again to finish',
    );
    expect(err.removed).toEqual({ activity_logs: 400, calls: 0 });
    expect(err.left).toEqual({ calls: 400 });
    expect(await counts('half')).toEqual({ calls: 400, logs: 0 });
    expect(await entryCounts('half')).toEqual([
      ['calls', 400],
      ['activity_logs', 0],
    ]);
    expect(await t.db.collection('seed_locks').countDocuments()).toBe(0);

    const rest = await removeSeedBatch({ db: t.db, batch: 'half' });
    expect(rest.collections).toEqual({ activity_logs: 0, calls: 400 });
    expect(await counts('half')).toEqual({ calls: 0, logs: 0 });
    expect(await entryCounts('half')).toBeNull();
  });
});

describe('interruptible: signal handlers for the duration of one write', () => {
  function fakeHost(): SignalHost & { emitter: EventEmitter; exits: number[]; lines: string[] } {
    const emitter = new EventEmitter();
    const exits: number[] = [];
    const lines: string[] = [];
    return {
      emitter,
      exits,
      lines,
      stderr: { write: (text: string) => lines.push(text) },
      on: (name: InterruptSignal, listener: () => void) => emitter.on(name, listener),
      off: (name: InterruptSignal, listener: () => void) => emitter.off(name, listener),
      exit: (code: number) => exits.push(code),
    };
  }

  test('the first signal aborts with its name, a second exits at once, and the handlers go afterwards', async () => {
    const host = fakeHost();
    const reasons: unknown[] = [];
    let now = 1000;
    await interruptible(
      host,
      (signal) => {
        expect(host.emitter.listenerCount('SIGINT')).toBe(1);
        expect(host.emitter.listenerCount('SIGTERM')).toBe(1);
        host.emitter.emit('SIGTERM');
        reasons.push(signal.reason);
        // npm run forwards the terminal's Ctrl-C: the same press arriving twice does not exit.
        now += 20;
        host.emitter.emit('SIGTERM');
        expect(host.exits).toEqual([]);
        now += SAME_SIGNAL_MS;
        host.emitter.emit('SIGINT');
        return Promise.resolve();
      },
      { now: () => now, second: (name) => `second ${name}: what is left` },
    );
    expect(host.lines).toEqual(['second SIGINT: what is left\n']);
    expect(reasons).toEqual(['SIGTERM']);
    expect(host.exits).toEqual([130]);
    expect(host.emitter.listenerCount('SIGINT')).toBe(0);
    expect(host.emitter.listenerCount('SIGTERM')).toBe(0);
  });

  test('handlers are removed when the work fails too; without a host nothing is installed', async () => {
    const host = fakeHost();
    await expect(interruptible(host, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(host.emitter.listenerCount('SIGINT')).toBe(0);
    expect(await interruptible(undefined, (signal) => Promise.resolve(signal.aborted))).toBe(false);
  });
});
