import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from 'mongodb';
import { SafetyError } from '../../errors';
import type { Logger } from '../../logger';
import { SEED_LOCKS } from '../registry/collections';
import { isDuplicateKey } from '../connection/driver-errors';
import {
  changelogShows,
  checkedLock,
  describeHolder,
  HANDOVER_WAIT_MS,
  holderOf,
  LOCK_ID,
  LOCK_TIMING,
  serverNow,
  staleness,
  systemClock,
} from './lock-doc';
import { dropStateIfEmpty } from '../removal/tidy';
import type { ChangelogEntryRef, Clock, LockDoc, LockOptions, LockTiming, Takeover } from './lock-doc';

export { HANDOVER_WAIT_MS, LOCK_TIMING, systemClock } from './lock-doc';
export type { ChangelogEntryRef, Clock, LockOptions, LockTiming, Takeover } from './lock-doc';

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
    // With no batch left, the registry and the lock go too: nothing of the tool stays.
    const dropped = await dropStateIfEmpty(db, mine).catch(() => false);
    if (!dropped) await locks.deleteOne(mine).catch(() => undefined);
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
