import type { Db } from 'mongodb';
import { SafetyError } from '../errors';
import type { Logger } from '../logger';
import { listBatches } from '../write/batch-registry';
import type { ProductionGuard } from '../write/production-guard';
import { removeInterruptedBatches } from './batch-recovery';
import type { UnappliedSeed } from './batch-recovery';
import { runGuarded } from './guarded-operation';
import { lifecycleEmitter } from './lifecycle';

/** Seed files of a migrations folder that migrate-mongo's changelog (its applied files) does not list. */
export function unappliedSeeds(applied: readonly string[], seedFiles: readonly string[]): UnappliedSeed[] {
  const listed = new Set(applied);
  return seedFiles.filter((f) => !listed.has(f)).map((seedFile) => ({ seedFile, batch: markerOf(seedFile) }));
}

/** Who owns the batches of seed files applied through a migrate-mongo changelog (BatchEntry.owner). */
export function changelogOwner(changelog: string): string {
  return `changelog:${changelog}`;
}

/** A seed file's batch marker: its file name without extension. */
export function markerOf(fileName: string): string {
  return fileName.replace(/\.[^.]+$/, '');
}

/**
 * Removes what interrupted `up` runs left: the batches that seed files the changelog does
 * not list registered themselves (an import under such a marker is left and reported). migrate-mongo's `down` only undoes applied files, so without this
 * a `down` after a crash would leave the partial batch in place. Taken under the seed lock
 * (a running `up` holds it, so its batch is never touched) and only by marker, so nothing
 * else can be deleted. Looked up in the registry first, without the lock, so a `down` with
 * nothing to recover needs neither the lock nor the production guard. Returns the batches
 * it cleaned.
 */
export async function recoverInterruptedBatches(request: {
  readonly db: Db;
  readonly seeds: readonly UnappliedSeed[];
  /** The changelog the seed files are applied through: only batches recorded through it are recovered. */
  readonly changelog: string;
  readonly guard: ProductionGuard;
  readonly logger: Logger;
}): Promise<string[]> {
  const { db, logger } = request;
  const known = new Set((await listBatches(db)).map((e) => e._id));
  const seeds = request.seeds.filter((s) => known.has(s.batch));
  if (seeds.length === 0) return [];
  const markers = seeds.map((s) => s.batch);
  const options = {
    db,
    command: 'recover',
    batch: markers.join(','),
    guard: request.guard,
    logger,
    emit: lifecycleEmitter(undefined),
  } as const;
  const owner = changelogOwner(request.changelog);
  return runGuarded(options, () => removeInterruptedBatches(db, seeds, owner, logger.info)).catch(
    (err: unknown) => {
      throw err instanceof SafetyError && err.code === 'LOCK_HELD'
        ? new SafetyError(`cannot remove the partial batch now: ${err.message}`, {
            code: 'LOCK_HELD',
            batch: options.batch,
            ...(err.holder ? { holder: err.holder } : {}),
          })
        : err;
    },
  );
}
