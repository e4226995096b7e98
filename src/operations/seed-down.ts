import type { Db } from 'mongodb';
import type { Logger } from '../logger';
import { removeBatch } from '../write/remove-batch';
import type { RemovedCounts } from '../write/remove-batch';
import type { LockOptions } from '../write/seed-lock';
import type { ProductionGuard } from '../write/production-guard';
import { runGuarded } from './guarded-operation';
import { removeInterrupted } from './interrupted-batches';
import { lifecycleEmitter } from './lifecycle';
import type { LifecycleHooks } from './lifecycle';
import type { SeedChangelog } from './seed-up';

export interface DownRequest {
  readonly db: Db;
  readonly batch: string;
  readonly guard: ProductionGuard;
  readonly logger: Logger;
  /** The changelog entry migrate-mongo removes after this `down`: the lock is handed over to it. */
  readonly changelog?: SeedChangelog | undefined;
  /** Markers of unapplied seed files: what their interrupted runs left is removed too. */
  readonly interruptedBatches?: readonly string[] | undefined;
  readonly hooks?: LifecycleHooks | undefined;
  readonly lock?: LockOptions | undefined;
}

/**
 * Removes one batch by its marker, never by regenerating it. Already gone is success, so a
 * `down` interrupted at any point is finished by running it again.
 */
export async function seedDown(request: DownRequest): Promise<RemovedCounts> {
  const { db, batch, logger } = request;
  const options = {
    db,
    command: 'down',
    batch,
    guard: request.guard,
    logger,
    emit: lifecycleEmitter(request.hooks),
    ...(request.lock ? { lock: request.lock } : {}),
  } as const;
  return runGuarded(options, async (run) => {
    const removed = await removeBatch(db, batch);
    await removeInterrupted(db, request.interruptedBatches ?? [], logger);
    if (request.changelog) await run.handOver(request.changelog, false);
    return removed;
  });
}
