import type { Logger } from '../../logger';
import { listBatches } from '../../write/registry/batch-registry';
import type { ProductionGuard } from '../../write/production-guard';
import { runGuarded } from '../guarded-operation';
import { lifecycleEmitter } from '../lifecycle';
import { changelogOwner } from '../seed/seed-file-state';
import type { UnappliedSeed } from '../seed/seed-file-state';

export type { UnappliedSeed };
import type { Db } from 'mongodb';
import { SafetyError } from '../../errors';
import { findBatch, findBatches } from '../../write/registry/batch-registry';
import type { BatchEntry } from '../../write/registry/batch-registry';
import {
  describeRemoved,
  howItGoes,
  mayRemove,
  originOf,
  refuseUnlessRemovable,
  removeProven,
  reportLeftovers,
  reportOutside,
} from './batch-removal';
import type { Remover } from './batch-removal';

/**
 * What stands under a marker before a run writes it: a run's own interrupted batch, a complete
 * batch to replace, another's batch to refuse. Runs under the seed lock.
 */

/** What stood under a marker before a run writes it: removed because its run was interrupted, or replaced. */
export interface Cleared {
  readonly interrupted: number;
  readonly replaced: number;
  /** The complete batch stays as it is (its seed file is unchanged), and why: nothing is to be written. */
  readonly kept?: string | undefined;
  /** The run whose interrupted batch was removed: its late writes carry its identity. */
  readonly interruptedRun?: string | undefined;
}

/**
 * What a new run does with a complete batch of its name: replace it, saying why (the caller
 * asked; the seed file changed under useFileHash), or take it for an interrupted run because
 * the changelog that commits a seed file's run does not list it (`unrecordedIn`). With
 * `unlessHash` (migrate-mongo runs an applied seed file again under useFileHash) it is
 * replaced only when the seed file's hash recorded in the registry when it was applied
 * differs: an unchanged file, or one whose hash was never recorded, keeps its batch.
 */
export type CompleteBatch =
  | { readonly replace: string; readonly unlessHash?: string | undefined }
  | { readonly unrecordedIn: string }
  /** Asked to keep it (a bootstrap script run again): nothing is written, no id is used. */
  | { readonly keep: string };

/**
 * Makes way for a new run of `batch`, under the lock, before anything is written. No entry:
 * nothing to do (documents that merely carry the marker are not the tool's and stay). An
 * entry still `writing` is an interrupted run of the same owner (provably gone: it would hold
 * the lock) and is removed. A `complete` batch is never replaced by accident: only as
 * `complete` says (see CompleteBatch); otherwise BATCH_EXISTS. Another owner's batch, or one
 * inferred from markers, is refused.
 */
export async function clearForRun(
  db: Db,
  batch: string,
  remover: Extract<Remover, { kind: 'owner' }>,
  complete: CompleteBatch | undefined,
  print: (line: string) => void,
): Promise<Cleared> {
  const entry = await findBatch(db, batch);
  if (!entry) return { interrupted: 0, replaced: 0 };
  await refuseUnlessRemovable(db, entry, remover);
  if (entry.state === 'writing' || (complete && 'unrecordedIn' in complete)) {
    const removed = await removeProven(db, entry, {});
    const why =
      entry.state === 'writing'
        ? ''
        : ` (complete, but never recorded in ${(complete as { unrecordedIn: string }).unrecordedIn})`;
    reportLeftovers(removed, `an interrupted run of ${batch}${why}`, print);
    return { interrupted: removed.total, replaced: 0, interruptedRun: entry.runId };
  }
  if (complete === undefined) {
    const count = entry.collections.map((c) => `${c.count} ${c.name}`).join(', ');
    throw new SafetyError(
      `batch ${batch} already exists (complete: ${count}; ${originOf(entry)}, finished ${(entry.finishedAt ?? entry.startedAt).toISOString()}); ` +
        `nothing was written: remove it first (removeSeedBatch, or crm-seed cleanup --batch ${batch}), pass replace: true to replace it, or use another batch name`,
      { code: 'BATCH_EXISTS', batch },
    );
  }
  if ('keep' in complete) return { interrupted: 0, replaced: 0, kept: complete.keep };
  if (complete.unlessHash !== undefined) {
    const kept = keptBecause(entry, complete.unlessHash);
    if (kept) return { interrupted: 0, replaced: 0, kept };
  }
  const removed = await removeProven(db, entry, {});
  print(`replacing batch ${batch} (${complete.replace}): removed ${describeRemoved(removed)}`);
  reportOutside(removed, print);
  return { interrupted: 0, replaced: removed.total };
}

/**
 * Why a complete batch whose seed file migrate-mongo runs again (useFileHash) stays: its file
 * has the hash recorded when it was applied, or no hash was recorded (an older version wrote
 * the entry, so a change cannot be told). Undefined: the file changed, replace the batch.
 */
function keptBecause(entry: BatchEntry, hash: string): string | undefined {
  if (entry.seedFileHash === hash) {
    return `its seed file is unchanged since it was applied (sha256 ${hash.slice(0, 12)}…)`;
  }
  if (entry.seedFileHash === undefined) {
    return 'its registry entry, written by an earlier version, records no hash of its seed file, so a change cannot be told (to re-seed it: migrate-mongo down, then up)';
  }
  return undefined;
}

/**
 * Removes the batches that interrupted `up` runs of unapplied seed files left, under the
 * caller's lock, reporting each. Only a batch its seed file registered through this changelog
 * (`owner`) whose registry entry still says `writing` is interrupted: its run is provably
 * gone, since a running `up` would hold the lock. A complete batch of an unapplied seed file,
 * or another owner's batch under the marker, is reported and left. Returns the markers that
 * had anything removed.
 */
export async function removeInterruptedBatches(
  db: Db,
  seeds: readonly UnappliedSeed[],
  owner: string,
  print: (line: string) => void,
): Promise<string[]> {
  const cleaned: string[] = [];
  const entries = await findBatches(
    db,
    seeds.map((s) => s.batch),
  );
  for (const { seedFile, batch } of seeds) {
    const entry = entries.get(batch);
    if (!entry) continue;
    const remover = { kind: 'owner', owner, seedFile } as const;
    if (entry.legacy || !mayRemove(entry, remover)) {
      print(
        `left batch ${batch} in place: ${originOf(entry)}, not by an interrupted up of ${seedFile} (${howItGoes(entry)})`,
      );
      continue;
    }
    // A seed file's run is committed by its changelog entry: complete in the registry but not
    // listed there, its up ended before migrate-mongo recorded it (or the entry was removed).
    const removed = await removeProven(db, entry, {});
    reportLeftovers(removed, `an interrupted up of ${batch} (not applied)`, print);
    if (removed.total > 0) cleaned.push(batch);
  }
  return cleaned;
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
