import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from 'mongodb';
import { SafetyError } from '../errors';
import type { Logger } from '../logger';
import { isDuplicateKey } from './connect';
import { CHANGELOG, SEED_LOCKS } from './collections';

/**
 * The seed's own atomic guard: one lock document per database with a fixed _id, taken by
 * insertOne (the unique _id makes two takers impossible, unlike migrate-mongo's
 * check-then-insert lock, which also needs a TTL index FerretDB lacks).
 *
 * A holder refreshes heartbeatAt while it works. A lock whose holder is provably gone (same
 * host and its process is not running) or whose heartbeat is stale is taken over. migrate-mongo
 * writes the changelog only after `up`/`down` returns, so those hand the lock over to the
 * changelog instead of releasing it: the lock counts as released once the changelog shows
 * the expected state, and no other run can slip in between the data and its changelog entry.
 */

const LOCK_ID = 'crm-seed';
export const HEARTBEAT_MS = 2_000;
export const STALE_AFTER_MS = 15_000;

interface LockDoc {
  _id: string;
  token: string;
  host: string;
  pid: number;
  command: string;
  batch: string;
  acquiredAt: Date;
  heartbeatAt: Date;
  /** Set by handOverToChangelog: released once changelog has (or lacks) this file. */
  awaitChangelog?: { fileName: string; applied: boolean };
}

export interface LockHandle {
  /** Why the lock was lost (taken over after a stall), or undefined while held. */
  readonly lostReason: () => Error | undefined;
  release(): Promise<void>;
  handOverToChangelog(fileName: string, applied: boolean): Promise<void>;
}

export async function acquireSeedLock(
  db: Db,
  what: { command: string; batch: string },
  logger: Logger,
): Promise<LockHandle> {
  const locks = db.collection<LockDoc>(SEED_LOCKS);
  const now = new Date();
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

  for (let attempt = 0; ; attempt++) {
    try {
      await locks.insertOne(doc);
      return startHeartbeat(db, doc);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const holder = await locks.findOne({ _id: LOCK_ID });
    if (!holder) continue; // released meanwhile
    const stale = await staleReason(db, holder);
    if (stale === undefined || attempt >= 5) {
      throw new SafetyError(
        `another seed run holds the lock: ${describeHolder(holder)}; wait for it to finish and retry ` +
          `(a lock whose holder died is taken over after ${STALE_AFTER_MS / 1000} s without heartbeat)`,
      );
    }
    const removed = await locks.deleteOne({ _id: LOCK_ID, token: holder.token });
    if (removed.deletedCount === 1 && stale !== 'released') {
      logger.warn(`took over the seed lock from ${describeHolder(holder)}: ${stale}`);
    }
  }
}

function describeHolder(holder: LockDoc): string {
  return `"${holder.command}" of batch ${holder.batch} by pid ${holder.pid} on ${holder.host} since ${holder.acquiredAt.toISOString()}`;
}

async function staleReason(db: Db, holder: LockDoc): Promise<string | undefined> {
  if (holder.awaitChangelog) {
    const entry = await db.collection(CHANGELOG).findOne({ fileName: holder.awaitChangelog.fileName });
    if (Boolean(entry) === holder.awaitChangelog.applied) return 'released';
  }
  if (holder.host === hostname() && !processIsAlive(holder.pid)) {
    return `its process ${holder.pid} is no longer running`;
  }
  const silentMs = Date.now() - holder.heartbeatAt.getTime();
  if (silentMs > STALE_AFTER_MS) return `no heartbeat for ${Math.round(silentMs / 1000)} s`;
  return undefined;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function startHeartbeat(db: Db, doc: LockDoc): LockHandle {
  const locks = db.collection<LockDoc>(SEED_LOCKS);
  const mine = { _id: LOCK_ID, token: doc.token };
  let lost: Error | undefined;
  const timer = setInterval(() => {
    locks
      .updateOne(mine, { $set: { heartbeatAt: new Date() } })
      .then((r) => {
        if (r.matchedCount === 0) {
          lost ??= new SafetyError(
            'the seed lock was taken over by another run (this run stalled); stopped before writing more',
          );
        }
      })
      .catch(() => undefined); // a failed beat is retried next tick; real failures surface in the writes
  }, HEARTBEAT_MS);
  // The beat must not keep a finished process alive, but keeps running after a hand-over
  // until the process exits, so a live holder is never taken for dead.
  timer.unref();

  return {
    lostReason: () => lost,
    async release() {
      clearInterval(timer);
      await locks.deleteOne(mine);
    },
    async handOverToChangelog(fileName, applied) {
      await locks.updateOne(mine, { $set: { awaitChangelog: { fileName, applied } } });
    },
  };
}
