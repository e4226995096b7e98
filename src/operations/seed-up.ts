import type { Db } from 'mongodb';
import type { Settings } from '../config/settings-table';
import { SafetyError } from '../errors';
import { generateChunks } from '../generate/generation-plan';
import type { GenerationPlan } from '../generate/generation-plan';
import type { Logger } from '../logger';
import type { CallDoc } from '../schema/call-schema';
import { ACTIVITY_LOGS, BATCH_FIELD, CALLS } from '../write/collections';
import { reserveIdBlocks } from '../write/id-blocks';
import type { IdBlock } from '../write/id-blocks';
import { writeChunks } from '../write/insert-pipeline';
import { deleteAll, removeBatch } from '../write/remove-batch';
import type { RemovedCounts } from '../write/remove-batch';
import type { LockOptions } from '../write/seed-lock';
import { runGuarded } from './guarded-operation';
import type { GuardedRun } from './guarded-operation';
import { removeInterrupted } from './interrupted-batches';
import { lifecycleEmitter } from './lifecycle';
import type { Emit, LifecycleHooks } from './lifecycle';
import { counterOf, guardOf, planFromSettings } from './settings-views';

/** The migrate-mongo changelog entry a seed file's run stands for. */
export interface SeedChangelog {
  readonly collection: string;
  readonly fileName: string;
  /** With migrate-mongo's useFileHash: the file's hash, part of what makes it "applied". */
  readonly fileHash?: string | undefined;
}

export interface SeedRequest {
  readonly db: Db;
  /** The marker written into every document, e.g. the seed file's name. */
  readonly batch: string;
  readonly settings: Settings;
  readonly logger: Logger;
  /** The changelog entry this run stands for (a migrate-mongo seed file), if any. */
  readonly changelog?: SeedChangelog | undefined;
  /** Markers of unapplied seed files: what their interrupted runs left is removed first. */
  readonly interruptedBatches?: readonly string[] | undefined;
  readonly onProgress?: ((callsWritten: number) => void) | undefined;
  readonly hooks?: LifecycleHooks | undefined;
  readonly lock?: LockOptions | undefined;
}

export interface SeedResult {
  readonly batch: string;
  readonly seed: number;
  readonly refDate: Date;
  readonly calls: IdBlock;
  readonly logs: IdBlock;
  /** What an interrupted earlier run of this batch had left, removed before writing. */
  readonly removedPartial: RemovedCounts;
  readonly sample: CallDoc | undefined;
  readonly elapsedMs: number;
}

interface Reserved {
  readonly calls: IdBlock;
  readonly logs: IdBlock;
}

/**
 * Inserts one batch through the guarded operation: re-check the changelog, remove what an
 * interrupted run of the same batch left, reserve the id blocks, stream the documents.
 *
 * Crash safety without transactions: the changelog entry is written (by migrate-mongo) only
 * after every document, so a run that dies leaves no entry, and the next `up` first deletes
 * the batch's documents by marker. Only documents carrying this batch's marker are ever
 * deleted. See docs/safety.md.
 */
export async function seedUp(request: SeedRequest): Promise<SeedResult> {
  const started = Date.now();
  const { db, settings, batch, logger } = request;
  const emit = lifecycleEmitter(request.hooks);
  const plan = planFromSettings(settings, batch);
  const guarded = { db, command: 'up', batch, guard: guardOf(settings), logger, emit } as const;
  return runGuarded({ ...guarded, ...(request.lock ? { lock: request.lock } : {}) }, async (run) => {
    if (request.changelog) await assertNotApplied(db, request.changelog, batch);
    await removeInterrupted(db, request.interruptedBatches ?? [], logger);
    const removedPartial = await removeBatch(db, batch);
    if (removedPartial.calls + removedPartial.logs > 0) {
      logger.warn(
        `removed ${removedPartial.calls} calls and ${removedPartial.logs} activity logs left by an interrupted run of ${batch}`,
      );
    }
    const reserved = await reserveIdBlocks(db, counterOf(settings), [CALLS, ACTIVITY_LOGS], plan.count);
    const blocks: Reserved = { calls: reserved[CALLS], logs: reserved[ACTIVITY_LOGS] };
    // Taken over after a stall: the new holder re-seeds this batch, so take back exactly our own ids.
    run.onFailure(async (failure) => {
      if (run.lock.lostReason()) await removeOwnDocuments(db, batch, blocks).catch(() => undefined);
      return failure;
    });
    emit({ type: 'ids-reserved', batch, blocks: reserved });
    const sample = await writePlan(db, plan, blocks, settings, run, emit, request.onProgress);
    // A holder we took over while it might still run may have written a few more documents before it stopped.
    if (run.lock.takeover?.holderMayBeAlive) await removeStrays(db, batch, blocks, logger);
    if (request.changelog) await run.handOver(request.changelog, true);
    emit({ type: 'written', batch });
    return {
      batch,
      seed: plan.seed,
      refDate: plan.options.refDate,
      calls: blocks.calls,
      logs: blocks.logs,
      removedPartial,
      sample,
      elapsedMs: Date.now() - started,
    };
  });
}

/**
 * A run that read the changelog before another run of the same seed file finished must not
 * apply it again: checked once the lock is held. With useFileHash an entry counts only for
 * the same content, as migrate-mongo's own status does.
 */
async function assertNotApplied(db: Db, changelog: SeedChangelog, batch: string): Promise<void> {
  const entry = {
    fileName: changelog.fileName,
    ...(changelog.fileHash ? { fileHash: changelog.fileHash } : {}),
  };
  if (await db.collection(changelog.collection).findOne(entry, { projection: { _id: 1 } })) {
    throw new SafetyError(
      `${changelog.fileName} was applied by another run while this one waited for the lock; nothing written`,
      { code: 'ALREADY_APPLIED', batch },
    );
  }
}

async function writePlan(
  db: Db,
  plan: GenerationPlan,
  reserved: Reserved,
  settings: Settings,
  run: GuardedRun,
  emit: Emit,
  onProgress: ((n: number) => void) | undefined,
): Promise<CallDoc | undefined> {
  let sample: CallDoc | undefined;
  const { batch } = plan.options;
  const chunkSize = settings.batchSize;
  const chunks = generateChunks(plan, reserved.calls.first, reserved.logs.first, chunkSize);
  const sampled = (function* () {
    for (const chunk of chunks) {
      // Copied before insertMany adds its _id to the original.
      sample ??= { ...chunk.calls[0]! };
      yield chunk;
    }
  })();
  await writeChunks(db, sampled, {
    concurrency: settings.concurrency,
    onProgress: (written) => {
      emit({ type: 'progress', batch, written, total: plan.count });
      onProgress?.(written);
    },
    stopReason: run.lock.lostReason,
    afterCalls: (chunk) =>
      emit({ type: 'chunk-parents-written', batch, chunk, chunkSize, total: plan.count }),
  });
  return sample;
}

/** This run's documents only: its marker and its own id blocks, which no other run can hold. */
async function removeOwnDocuments(db: Db, batch: string, reserved: Reserved): Promise<void> {
  // The id condition sits in $and: deleteAll may add its own top-level `id` filter to split the delete.
  const within = (block: IdBlock) => ({
    [BATCH_FIELD]: { $eq: batch },
    $and: [{ id: { $gte: block.first, $lte: block.last } }],
  });
  await deleteAll(db.collection(ACTIVITY_LOGS), within(reserved.logs));
  await deleteAll(db.collection(CALLS), within(reserved.calls));
}

/** Documents of this batch outside this run's id blocks: written late by the run we took over from. */
async function removeStrays(db: Db, batch: string, reserved: Reserved, logger: Logger): Promise<void> {
  const outside = (block: IdBlock) => ({
    [BATCH_FIELD]: { $eq: batch },
    $or: [{ id: { $lt: block.first } }, { id: { $gt: block.last } }],
  });
  const logs = await deleteAll(db.collection(ACTIVITY_LOGS), outside(reserved.logs));
  const calls = await deleteAll(db.collection(CALLS), outside(reserved.calls));
  if (calls + logs > 0) {
    logger.warn(
      `removed ${calls} calls and ${logs} activity logs written late by the run whose lock was taken over`,
    );
  }
}
