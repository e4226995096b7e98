import type { Db } from 'mongodb';
import { DatabaseError } from '../errors';
import type { InterruptedError } from '../errors';
import type { Logger } from '../logger';
import { OPERATION_TIMEOUT_MS, pingDatabase } from '../write/connection/connect';
import { socketTimeoutOf, watchStalls } from '../write/connection/stall-watch';
import { databaseFailure } from '../write/connection/database-failure';
import { assertNotProduction } from '../write/production-guard';
import type { ProductionGuard } from '../write/production-guard';
import { acquireSeedLock } from '../write/lock/seed-lock';
import type { ChangelogEntryRef, LockHandle, LockOptions } from '../write/lock/seed-lock';
import { isConnectionLoss } from '../write/connection/driver-errors';
import { interruptedBefore } from './interruption';
import type { Emit } from './lifecycle';

export type Command = 'up' | 'down' | 'recover' | 'cleanup' | 'import';

export interface GuardedOptions {
  readonly db: Db;
  readonly command: Command;
  /** What the lock and the messages name: a marker, or a description of a selection. */
  readonly batch: string;
  readonly guard: ProductionGuard;
  readonly logger: Logger;
  readonly emit: Emit;
  readonly lock?: LockOptions;
  /**
   * Stops the run when aborted (the CLI aborts it on SIGINT/SIGTERM): no new writes, those
   * in flight settle, undo hooks run, the lock is released, and an InterruptedError says
   * what was left.
   */
  readonly signal?: AbortSignal | undefined;
  /**
   * How long a request may go unanswered before the run gives up on the connection (ms).
   * Default: none where the client bounds its requests itself (socketTimeoutMS, as the
   * tool's own clients do), else OPERATION_TIMEOUT_MS.
   */
  readonly requestTimeoutMs?: number | undefined;
}

export interface GuardedRun {
  /** Writers check `lock.lostReason()` before each write and stop with it. */
  readonly lock: LockHandle;
  /** Keeps the lock until migrate-mongo's changelog shows the change, instead of releasing it. */
  handOver(entry: ChangelogEntryRef, applied: boolean): Promise<void>;
  /**
   * Registers how to give up this run's own writes when the work fails while the server is
   * still there; it returns the error to report instead (e.g. one saying what was removed).
   */
  onFailure(undo: (failure: unknown) => Promise<unknown>): void;
  /** Set once the caller's signal aborted: stop issuing writes and leave with it. */
  readonly interrupted: () => InterruptedError | undefined;
  /** Why writing must stop now: the lock was lost, or the run was interrupted (for the insert pipeline). */
  readonly stopReason: () => Error | undefined;
  /** Throws the interruption, if any: called between the steps of a run. */
  checkpoint(): void;
}

/**
 * The one way anything writes: production guard on the database in hand, ping, the atomic
 * seed lock (fencing, takeover of dead holders), the work, then release, hand-over to the
 * changelog, or, when the connection is gone, abandoning the lock to its heartbeat timeout.
 * When the caller's signal aborts, the work stops at its next check (`stopReason`,
 * `interrupted`, `checkpoint`) with an InterruptedError, its undo hooks take back what it
 * promises to, and the lock is released. Failures leave as typed errors with one actionable line. Seed up/down, recovery of
 * interrupted batches, cleanup and import all run through here.
 */
export async function runGuarded<T>(
  options: GuardedOptions,
  work: (run: GuardedRun) => Promise<T>,
): Promise<T> {
  const { db, command, batch, logger, emit, signal } = options;
  let interruption: InterruptedError | undefined;
  const interrupted = (): InterruptedError | undefined => {
    if (signal?.aborted) interruption ??= interruptedBefore(command, batch, signal.reason);
    return interruption;
  };
  const checkpoint = (): void => {
    const stop = interrupted();
    if (stop) throw stop;
  };
  assertNotProduction(options.guard, db.databaseName);
  checkpoint();
  // A host's client that waits forever for an answer is watched instead: a request without
  // one for the limit ends the run as a lost connection (connection.ts bounds our own).
  const limit = options.requestTimeoutMs ?? (socketTimeoutOf(db) > 0 ? undefined : OPERATION_TIMEOUT_MS);
  const watch = limit === undefined ? undefined : watchStalls(db, limit);
  const unanswered = watch?.stalled.then((ms) => {
    throw stalledRequest(ms, command, batch);
  });
  unanswered?.catch(() => undefined);
  const bounded = <R>(step: Promise<R>): Promise<R> => {
    if (!unanswered) return step;
    step.catch(() => undefined); // left behind when the watch ends the run
    return Promise.race([step, unanswered]);
  };
  let lock: LockHandle;
  try {
    await bounded(pingDatabase(db));
    emit({ type: 'before-lock', command, batch });
    try {
      lock = await bounded(acquireSeedLock(db, { command, batch }, logger, options.lock));
    } catch (err) {
      throw operationFailure(err, command, batch);
    }
  } catch (err) {
    watch?.stop();
    throw err;
  }
  emit({ type: 'lock-acquired', command, batch });

  let handedOver = false;
  let failure: unknown;
  const undos: ((failure: unknown) => Promise<unknown>)[] = [];
  const run: GuardedRun = {
    lock,
    async handOver(entry, applied) {
      await lock.handOverToChangelog(entry, applied);
      handedOver = true;
    },
    onFailure: (undo) => undos.push(undo),
    interrupted,
    stopReason: () => lock.lostReason() ?? interrupted(),
    checkpoint,
  };
  try {
    checkpoint();
    return await bounded(work(run));
  } catch (err) {
    failure = err;
    let reported = err;
    // An interruption's undo hooks take back the run's own writes: they are not interrupted again.
    if (!connectionGone(err)) {
      for (const undo of undos) reported = await undo(reported);
    }
    throw operationFailure(reported, command, batch);
  } finally {
    watch?.stop();
    // Without a server the release would only wait for it: the next run takes the lock over.
    if (connectionGone(failure)) lock.abandon();
    else if (!handedOver) await lock.release();
  }
}

/** The connection is gone: the driver says so, or a request went unanswered past the limit. */
function connectionGone(err: unknown): boolean {
  return isConnectionLoss(err) || (err instanceof DatabaseError && err.code === 'CONNECTION_LOST');
}

/** A request the server left unanswered past the limit: the connection is taken for lost. */
function stalledRequest(ms: number, command: Command, batch: string): DatabaseError {
  return new DatabaseError(
    `lost the connection to the database during ${command} of batch ${batch} (a request got no answer for ${Math.round(ms / 1000)} s: ` +
      `the connection stopped answering, or the server is that slow; the lock is left to be taken over); ${NEXT_STEP[command](batch)}`,
    { code: 'CONNECTION_LOST', batch },
  );
}

const NEXT_STEP: Record<Command, (batch: string) => string> = {
  up: () =>
    'nothing is recorded in the changelog: run `up` again when the server is back, it first removes what this run wrote',
  down: () => 'run `down` again when the server is back (removing is idempotent)',
  recover: () => 'run `up` or `down` again when the server is back (removing is idempotent)',
  cleanup: () => 'run the cleanup again when the server is back (removing is idempotent)',
  import: (batch) => `remove what was written with: crm-seed cleanup --batch ${batch}`,
};

/**
 * A driver error raised mid-run becomes one line that says what state the batch is in and
 * what to run next. Our own errors pass through; anything else is a bug and stays as it is.
 */
export function operationFailure(err: unknown, command: Command, batch: string): unknown {
  const next = NEXT_STEP[command](batch);
  return databaseFailure(err, {
    batch,
    lost: (detail) =>
      `lost the connection to the database during ${command} of batch ${batch} (${detail}); ${next}`,
    refused: (detail) =>
      `the database refused an operation during ${command} of batch ${batch} (${detail}); the server is up: running ${command} again will fail the same way until that cause is fixed`,
  });
}
