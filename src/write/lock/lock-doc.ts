import { hostname } from 'node:os';
import type { Db } from 'mongodb';
import { SafetyError } from '../../errors';
import type { LockHolder } from '../../errors';
import { SEED_LOCKS } from '../registry/collections';
import {
  boolean,
  date,
  finite,
  integer,
  literal,
  object,
  optional,
  shapeProblem,
  string,
} from '../registry/stored-shape';

/** The seed lock's document, checked like user input, and how its holder is judged alive or gone (seed-lock.ts). */

export const LOCK_ID = 'crm-seed';

export interface LockTiming {
  readonly heartbeatMs: number;
  /** A lock without heartbeat for this long is taken over. */
  readonly staleAfterMs: number;
  /** A holder whose last renewal is this old stops writing: others take over at staleAfterMs. */
  readonly fenceAfterMs: number;
}

export const LOCK_TIMING: LockTiming = { heartbeatMs: 2_000, staleAfterMs: 15_000, fenceAfterMs: 11_000 };

/**
 * This process's time: when it last renewed the lock (fencing). Ages of other holders are
 * judged by the server's clock, shifted by how far this clock is from the system's, so
 * tests can inject their own to stall or age a holder without waiting.
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Where migrate-mongo records applied files, and the entry a hand-over waits for. */
export interface ChangelogEntryRef {
  readonly collection: string;
  readonly fileName: string;
}

export interface LockOptions {
  readonly clock?: Clock;
  readonly timing?: LockTiming;
}

export interface LockDoc {
  _id: string;
  token: string;
  host: string;
  pid: number;
  command: string;
  batch: string;
  acquiredAt: Date;
  heartbeatAt: Date;
  /**
   * Set by handOverToChangelog: released once the changelog holds more (applied) or fewer
   * (undone) entries for this file than it did at the hand-over. Counting, not looking for an
   * entry, keeps this right with migrate-mongo's useFileHash, where a file may have several.
   */
  awaitChangelog?: { collection: string; fileName: string; entries: number; applied: boolean };
}

export const LOCK_DOC = object({
  _id: literal(LOCK_ID),
  token: string(),
  host: string(),
  pid: integer(),
  command: string(),
  batch: string(),
  acquiredAt: date,
  heartbeatAt: date,
  awaitChangelog: optional(
    object({ collection: string(), fileName: string(), entries: finite, applied: boolean }),
  ),
});

/** A stored lock document that has the lock's shape. */
export function isLockDoc(doc: unknown): doc is LockDoc {
  return LOCK_DOC(doc) === undefined;
}

/**
 * How long a handed-over lock waits for its changelog entry. migrate-mongo writes it as soon as
 * `up`/`down` returns; a run whose entry has not appeared by then was called outside
 * migrate-mongo (a script, a test runner) and nobody will write one: the lock goes, so a
 * process that lives on is never wedged. The registry says the batch is complete, so a run
 * that comes in between cannot take it for an interrupted one.
 */
export const HANDOVER_WAIT_MS = 10_000;

/** A heartbeat this far ahead of the server's clock was not written by a current holder (they use the server's). */
const FUTURE_TOLERANCE_MS = 5_000;

export const UNLOCK_HINT = 'if no seed run is active, remove it with `crm-seed unlock` (see docs/safety.md)';

/** The lock document as read, checked like user input: a malformed one cannot be aged, so it is never taken over. */
export function checkedLock(doc: unknown): LockDoc {
  const problem = shapeProblem(LOCK_DOC, doc);
  if (!problem) return doc as LockDoc;
  throw new SafetyError(
    `the seed lock in ${SEED_LOCKS} is malformed (${problem.path}: ${problem.message}), ` +
      `so whether its holder is alive cannot be told; ${UNLOCK_HINT}`,
    { code: 'LOCK_INVALID' },
  );
}

/** The server's time (hello's localTime), shifted like the injected clock: ages never depend on the writer's clock. */
export async function serverNow(db: Db, clock: Clock): Promise<number> {
  const hello = await db.command({ hello: 1 });
  const local: unknown = hello['localTime'];
  const base = local instanceof Date ? local.getTime() : Date.now();
  return base + (clock.now() - Date.now());
}

/** How the lock was obtained, when it was taken from another run. */
export interface Takeover {
  readonly reason: string;
  /**
   * The previous holder may still be running (its heartbeat went stale, but its process is
   * not provably gone): it may wake up and write a few more documents before it notices.
   */
  readonly holderMayBeAlive: boolean;
}

export function holderOf(doc: LockDoc): LockHolder {
  const { command, batch, pid, host, acquiredAt } = doc;
  return { command, batch, pid, host, acquiredAt };
}

export function describeHolder(holder: LockDoc): string {
  return `"${holder.command}" of batch ${holder.batch} by pid ${holder.pid} on ${holder.host} since ${holder.acquiredAt.toISOString()}`;
}

/** Why the holder's lock may be taken, or undefined while it is live. */
export async function staleness(
  db: Db,
  holder: LockDoc,
  clock: Clock,
  timing: LockTiming,
): Promise<Takeover | undefined> {
  const awaited = holder.awaitChangelog;
  if (awaited) {
    // This process's own finished run: migrate-mongo runs one migration at a time, so it has
    // recorded it by now, or never will (the seed was called outside migrate-mongo).
    if (holder.host === hostname() && holder.pid === process.pid)
      return { reason: 'released', holderMayBeAlive: false };
    if (await changelogShows(db, awaited)) return { reason: 'released', holderMayBeAlive: false };
  }
  if (holder.host === hostname() && !processIsAlive(holder.pid)) {
    return { reason: `its process ${holder.pid} is no longer running`, holderMayBeAlive: false };
  }
  const silentMs = await silentFor(db, holder, clock);
  if (silentMs < -FUTURE_TOLERANCE_MS) {
    throw new SafetyError(
      `the seed lock's heartbeat (${holder.heartbeatAt.toISOString()}) is ${Math.round(-silentMs / 1000)} s ahead of the server's clock ` +
        `(written by a host with a wrong clock, or edited), so its age cannot be told; ${UNLOCK_HINT}`,
      { code: 'LOCK_INVALID', holder: holderOf(holder) },
    );
  }
  if (silentMs > timing.staleAfterMs) {
    return { reason: `no heartbeat for ${Math.round(silentMs / 1000)} s`, holderMayBeAlive: true };
  }
  return undefined;
}

/** Whether the changelog holds more (applied) or fewer (undone) entries for the file than at the hand-over. */
export async function changelogShows(
  db: Db,
  awaited: NonNullable<LockDoc['awaitChangelog']>,
): Promise<boolean> {
  const entries = await db.collection(awaited.collection).countDocuments({ fileName: awaited.fileName });
  return awaited.applied ? entries > awaited.entries : entries < awaited.entries;
}

/** How long the holder has not renewed: heartbeats are the server's time ($currentDate), and so is now. */
export async function silentFor(db: Db, holder: LockDoc, clock: Clock): Promise<number> {
  return (await serverNow(db, clock)) - holder.heartbeatAt.getTime();
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
