import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import type { Db } from 'mongodb';
import { z } from 'zod';
import { SafetyError } from '../errors';
import type { LockHolder } from '../errors';
import type { Logger } from '../logger';
import { SEED_LOCKS } from './collections';
import { isDuplicateKey } from './driver-errors';

/**
 * The seed's own atomic guard: one lock document per database with a fixed _id, taken by
 * insertOne (the unique _id makes two takers impossible, unlike migrate-mongo's
 * check-then-insert lock, which also needs a TTL index FerretDB lacks).
 *
 * A holder refreshes heartbeatAt while it works. A lock whose holder is provably gone (same
 * host and its process is not running) or whose heartbeat is stale is taken over; deletes
 * are conditional on the holder's token, so two runs taking over the same dead holder cannot
 * both win. migrate-mongo writes the changelog only after `up`/`down` returns, so those hand
 * the lock over to the changelog instead of releasing it: the lock counts as released once
 * the changelog shows the expected state, and no other run can slip in between the data and
 * its changelog entry.
 *
 * Without transactions nothing can stop a holder that stalled (SIGSTOP, a frozen VM) from
 * waking up after being taken over, so a holder also fences itself: it stops writing as soon
 * as it has not renewed the lock for fenceAfterMs, well before others may take it over.
 */

const LOCK_ID = 'crm-seed';

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

interface LockDoc {
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

const LOCK_DOC = z.looseObject({
  _id: z.literal(LOCK_ID),
  token: z.string(),
  host: z.string(),
  pid: z.number().int(),
  command: z.string(),
  batch: z.string(),
  acquiredAt: z.date(),
  heartbeatAt: z.date(),
  awaitChangelog: z
    .object({ collection: z.string(), fileName: z.string(), entries: z.number(), applied: z.boolean() })
    .optional(),
});

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

const UNLOCK_HINT = 'if no seed run is active, remove it with `crm-seed unlock` (see docs/safety.md)';

/** The lock document as read, checked like user input: a malformed one cannot be aged, so it is never taken over. */
function checkedLock(doc: unknown): LockDoc {
  const parsed = LOCK_DOC.safeParse(doc);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new SafetyError(
    `the seed lock in ${SEED_LOCKS} is malformed (${issue.path.join('.') || 'document'}: ${issue.message}), ` +
      `so whether its holder is alive cannot be told; ${UNLOCK_HINT}`,
    { code: 'LOCK_INVALID' },
  );
}

/** The server's time (hello's localTime), shifted like the injected clock: ages never depend on the writer's clock. */
async function serverNow(db: Db, clock: Clock): Promise<number> {
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

export interface LockHandle {
  /** Why this run must stop writing (lock taken over, or not renewed in time), or undefined. */
  readonly lostReason: () => Error | undefined;
  /** Set when the lock was taken over from a run that did not release it. */
  readonly takeover: Takeover | undefined;
  /** Deletes the lock if still ours. Never throws: a failed release must not hide why a run failed. */
  release(): Promise<void>;
  /** Stops the heartbeat without touching the database (the server is gone); others take over. */
  abandon(): void;
  /** Keeps the lock until the changelog shows the entry added (or removed); throws if no longer ours. */
  handOverToChangelog(entry: ChangelogEntryRef, applied: boolean): Promise<void>;
}

export async function acquireSeedLock(
  db: Db,
  what: { command: string; batch: string },
  logger: Logger,
  options: LockOptions = {},
): Promise<LockHandle> {
  const clock = options.clock ?? systemClock;
  const timing = options.timing ?? LOCK_TIMING;
  const locks = db.collection<LockDoc>(SEED_LOCKS);
  const now = new Date(await serverNow(db, clock));
  const doc: LockDoc = {
    _id: LOCK_ID,
    token: randomUUID(),
    host: hostname(),
    pid: process.pid,
    command: what.command,
    batch: what.batch,
    acquiredAt: now,
    heartbeatAt: now,
  };
  let takeover: Takeover | undefined;

  for (let attempt = 0; ; attempt++) {
    try {
      await locks.insertOne(doc);
      return startHeartbeat(db, doc, takeover, clock, timing);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const found = await locks.findOne({ _id: LOCK_ID });
    if (!found) continue; // released meanwhile
    const holder = checkedLock(found);
    const stale = await staleness(db, holder, clock, timing);
    if (stale === undefined || attempt >= 5) {
      throw new SafetyError(
        `another seed run holds the lock: ${describeHolder(holder)}; wait for it to finish and retry ` +
          `(a lock whose holder died is taken over after ${timing.staleAfterMs / 1000} s without heartbeat)`,
        { code: 'LOCK_HELD', batch: what.batch, holder: holderOf(holder) },
      );
    }
    const removed = await locks.deleteOne({ _id: LOCK_ID, token: holder.token });
    if (removed.deletedCount === 1 && stale.reason !== 'released') {
      logger.warn(`took over the seed lock from ${describeHolder(holder)}: ${stale.reason}`);
      takeover = stale;
    }
  }
}

function holderOf(doc: LockDoc): LockHolder {
  const { command, batch, pid, host, acquiredAt } = doc;
  return { command, batch, pid, host, acquiredAt };
}

function describeHolder(holder: LockDoc): string {
  return `"${holder.command}" of batch ${holder.batch} by pid ${holder.pid} on ${holder.host} since ${holder.acquiredAt.toISOString()}`;
}

/** Why the holder's lock may be taken, or undefined while it is live. */
async function staleness(
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
async function changelogShows(db: Db, awaited: NonNullable<LockDoc['awaitChangelog']>): Promise<boolean> {
  const entries = await db.collection(awaited.collection).countDocuments({ fileName: awaited.fileName });
  return awaited.applied ? entries > awaited.entries : entries < awaited.entries;
}

/** How long the holder has not renewed: heartbeats are the server's time ($currentDate), and so is now. */
async function silentFor(db: Db, holder: LockDoc, clock: Clock): Promise<number> {
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

function startHeartbeat(
  db: Db,
  doc: LockDoc,
  takeover: Takeover | undefined,
  clock: Clock,
  timing: LockTiming,
): LockHandle {
  const locks = db.collection<LockDoc>(SEED_LOCKS);
  const mine = { _id: LOCK_ID, token: doc.token };
  let lost: Error | undefined;
  // When the last renewal that the server confirmed was sent: the heartbeat others judge us by.
  let renewedAt = clock.now();
  let handedOver: { awaited: NonNullable<LockDoc['awaitChangelog']>; at: number } | undefined;
  const releaseNow = async (): Promise<void> => {
    clearInterval(timer);
    await locks.deleteOne(mine).catch(() => undefined);
  };
  const lostLock = (): SafetyError =>
    new SafetyError(
      'the seed lock was taken over by another run (this run stalled); stopped before writing more',
      { code: 'LOCK_LOST', batch: doc.batch },
    );
  const timer = setInterval(() => {
    const sentAt = clock.now();
    if (handedOver) {
      const { awaited, at } = handedOver;
      // Released once the changelog shows the change, or once nobody will write it.
      void changelogShows(db, awaited)
        .then((shown) => (shown || sentAt - at > HANDOVER_WAIT_MS ? releaseNow() : undefined))
        .catch(() => undefined);
    }
    locks
      .updateOne(mine, { $currentDate: { heartbeatAt: true } })
      .then((r) => {
        if (r.matchedCount === 0) lost ??= lostLock();
        else renewedAt = Math.max(renewedAt, sentAt);
      })
      .catch(() => undefined); // a failed beat is retried next tick; real failures surface in the writes
  }, timing.heartbeatMs);
  // The beat must not keep a finished process alive; after a hand-over it runs until the
  // changelog shows the entry (or HANDOVER_WAIT_MS), so a live holder is never taken for dead.
  timer.unref();

  return {
    takeover,
    lostReason: () => {
      if (lost) return lost;
      const silentMs = clock.now() - renewedAt;
      if (silentMs > timing.fenceAfterMs) {
        return new SafetyError(
          `this run could not renew the seed lock for ${Math.round(silentMs / 1000)} s (stalled, or the server is slow); ` +
            'stopped writing so that a run taking the lock over cannot collide with it',
          { code: 'LOCK_LOST', batch: doc.batch },
        );
      }
      return undefined;
    },
    release: releaseNow,
    abandon() {
      clearInterval(timer);
    },
    async handOverToChangelog(entry, applied) {
      const entries = await db.collection(entry.collection).countDocuments({ fileName: entry.fileName });
      const awaitChangelog = { collection: entry.collection, fileName: entry.fileName, entries, applied };
      const r = await locks.updateOne(mine, { $set: { awaitChangelog } });
      if (r.matchedCount === 0) {
        clearInterval(timer);
        lost ??= lostLock();
        throw lost;
      }
      handedOver = { awaited: awaitChangelog, at: clock.now() };
    },
  };
}

export interface UnlockResult {
  /** Whether a lock document was removed. */
  readonly removed: boolean;
  /** What was (or was not) there, for the one line the CLI prints. */
  readonly description: string;
}

/**
 * `crm-seed unlock`: removes a lock that no live run holds, with a safety check. The lock is
 * watched for `watchMs` (2.5 heartbeats by default): if it changes, a run is renewing it and
 * it stays. A well-formed lock also stays while its heartbeat is fresh by the server's clock
 * or its holder's process runs on this host. What remains (malformed, dated ahead of the
 * server, silent holder) is removed by its exact content, so a lock taken meanwhile is kept.
 */
export async function unlockSeedLock(
  db: Db,
  options: LockOptions & { readonly watchMs?: number } = {},
): Promise<UnlockResult> {
  const clock = options.clock ?? systemClock;
  const timing = options.timing ?? LOCK_TIMING;
  const locks = db.collection(SEED_LOCKS);
  const first = await locks.findOne({ _id: LOCK_ID as never });
  if (!first) return { removed: false, description: 'no seed lock is held' };
  await new Promise((resolve) => setTimeout(resolve, options.watchMs ?? timing.heartbeatMs * 2.5));
  const second = await locks.findOne({ _id: LOCK_ID as never });
  if (!second) return { removed: false, description: 'the seed lock was released meanwhile' };
  if (!isDeepStrictEqual(first, second)) {
    throw new SafetyError(
      'the seed lock changed while watched: a run is renewing it; it is released when that run ends',
      {
        code: 'LOCK_HELD',
      },
    );
  }
  const parsed = LOCK_DOC.safeParse(second);
  let description = `removed a malformed seed lock (${JSON.stringify(second)})`;
  if (parsed.success) {
    const holder = parsed.data as LockDoc;
    // The takeover's own judgement; a heartbeat dated ahead of the server (LOCK_INVALID) may go.
    const stale = await staleness(db, holder, clock, timing).catch((err: unknown) => {
      if (err instanceof SafetyError && err.code === 'LOCK_INVALID') return { reason: err.message };
      throw err;
    });
    if (!stale) {
      const silentMs = await silentFor(db, holder, clock);
      throw new SafetyError(
        `the seed lock is live: ${describeHolder(holder)}, heartbeat ${Math.round(silentMs / 1000)} s ago; it is released when that run ends`,
        { code: 'LOCK_HELD', holder: holderOf(holder) },
      );
    }
    description = `removed the seed lock of ${describeHolder(holder)}`;
  }
  // Exactly what was watched: a lock taken after the second read has another token or heartbeat.
  const { _id: _ignored, ...content } = second;
  const removed = await locks.deleteOne({ _id: LOCK_ID as never, ...content });
  return removed.deletedCount === 1
    ? { removed: true, description }
    : { removed: false, description: 'the seed lock changed meanwhile; nothing removed' };
}
