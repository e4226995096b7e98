import { isDeepStrictEqual } from 'node:util';
import type { Db } from 'mongodb';
import { SafetyError } from '../../errors';
import { SEED_LOCKS } from '../registry/collections';
import {
  describeHolder,
  holderOf,
  isLockDoc,
  LOCK_ID,
  LOCK_TIMING,
  silentFor,
  staleness,
  systemClock,
} from './lock-doc';
import type { LockOptions } from './lock-doc';

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
  let description = `removed a malformed seed lock (${JSON.stringify(second)})`;
  if (isLockDoc(second)) {
    const holder = second;
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
