import type { Db } from 'mongodb';
import type { Logger } from '../../logger';
import type { LockOptions } from '../../write/lock/seed-lock';
import type { ProductionGuard } from '../../write/production-guard';
import { removeRegisteredBatch, reportOutside } from './batch-removal';
import { removeInterruptedBatches } from './batch-recovery';
import type { Removed, Remover } from './batch-removal';
import type { UnappliedSeed } from './batch-recovery';
import { runGuarded } from '../guarded-operation';
import { lifecycleEmitter } from '../lifecycle';
import type { LifecycleHooks } from '../lifecycle';
import type { SeedChangelog } from '../seed/seed-dataset';
import { forgetChangelogEntry } from '../seed/seed-file-state';

export interface DownRequest {
  readonly db: Db;
  readonly batch: string;
  readonly guard: ProductionGuard;
  readonly logger: Logger;
  /** Who asks: the batch must be recorded as its (`changelog:<collection>` for seed files, `script:<namespace>`). */
  readonly owner: string;
  /** Where documents carrying the marker are looked for when the registry has no entry (reported, not deleted). */
  readonly collections?: readonly string[] | undefined;
  /** The changelog entry migrate-mongo removes after this `down`: removed here, under the lock. */
  readonly changelog?: SeedChangelog | undefined;
  /** Unapplied seed files: what their interrupted runs left is removed too. */
  readonly interruptedBatches?: readonly UnappliedSeed[] | undefined;
  readonly hooks?: LifecycleHooks | undefined;
  readonly lock?: LockOptions | undefined;
  /**
   * Aborting it stops the removal between two deletes: the lock is released, the registry
   * keeps the batch with what is left (running `down` again finishes it), and an
   * InterruptedError says what was removed and what is left.
   */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Removes one batch by its marker, never by regenerating it: from the collections the batch
 * registry lists, each in as few deletes as the server allows. Already gone is success, so
 * a `down` interrupted at any point (killed, or stopped through its signal) is finished by
 * running it again.
 */
export async function seedDown(request: DownRequest): Promise<Removed> {
  const { db, batch, logger } = request;
  const emit = lifecycleEmitter(request.hooks);
  const options = {
    db,
    command: 'down',
    batch,
    guard: request.guard,
    logger,
    emit,
    signal: request.signal,
    ...(request.lock ? { lock: request.lock } : {}),
  } as const;
  return runGuarded(options, async (run) => {
    const remover: Remover = {
      kind: 'owner',
      owner: request.owner,
      seedFile: request.changelog?.fileName,
      collections: request.collections,
    };
    const control = { interrupted: run.interrupted, emit };
    const removed = await removeRegisteredBatch(db, batch, remover, control);
    reportOutside(removed, logger.warn);
    await removeInterruptedBatches(db, request.interruptedBatches ?? [], request.owner, logger.warn);
    // The batch is gone: its changelog entry goes now too, under the lock, so the lock is released
    // at once instead of handed over (migrate-mongo's own delete of it then finds nothing).
    if (request.changelog) await forgetChangelogEntry(db, request.changelog);
    return removed;
  });
}
