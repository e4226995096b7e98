import type { Db } from 'mongodb';
import type { Settings } from '../config/settings-table';
import type { PausePoint, TestHooks } from '../config/test-hooks';
import { SafetyError } from '../errors';
import { generateChunks, planFromSettings } from '../generate/generation-plan';
import type { GenerationPlan } from '../generate/generation-plan';
import type { Logger } from '../logger';
import type { CallDoc } from '../schema/call-schema';
import { ACTIVITY_LOGS, BATCH_FIELD, CALLS, CHANGELOG } from '../write/collections';
import { pingDatabase } from '../write/connect';
import { reserveBatchIds } from '../write/id-blocks';
import type { IdBlock } from '../write/id-blocks';
import { writeChunks } from '../write/insert-pipeline';
import { assertNotProduction } from '../write/production-guard';
import { deleteAll, removeBatch } from '../write/remove-batch';
import type { RemovedCounts } from '../write/remove-batch';
import { acquireSeedLock } from '../write/seed-lock';
import type { LockHandle } from '../write/seed-lock';
import { isConnectionLoss, seedFailure } from './seed-failure';
import { pauseForTest } from './test-pause';

export interface SeedRequest {
  /** The marker written into every document, e.g. the seed file's name. */
  readonly batch: string;
  /** The changelog entry this run stands for (migrate-mongo's file name), if any. */
  readonly changelogFile?: string;
  readonly settings: Settings;
  readonly onProgress?: (callsWritten: number) => void;
  /** The fault tests' pause points (SEED_TEST_PAUSE_AT); absent in normal runs. */
  readonly testHooks?: TestHooks;
}

export interface SeedResult {
  readonly batch: string;
  readonly seed: number;
  readonly refDate: Date;
  readonly calls: IdBlock;
  readonly logs: IdBlock;
  readonly removedPartial: RemovedCounts;
  readonly sample: CallDoc | undefined;
  readonly elapsedMs: number;
}

interface Reserved {
  readonly calls: IdBlock;
  readonly logs: IdBlock;
}

/**
 * Inserts one batch: guard, lock, re-check the changelog, remove what an interrupted run of
 * the same batch left, reserve the id blocks, stream the documents. Used by migrate-mongo
 * seed files (through define-call-seed.ts) and by the CLI.
 *
 * Crash safety without transactions: the changelog entry is written (by migrate-mongo) only
 * after every document, so a run that dies leaves no entry, and the next `up` first deletes
 * the batch's documents by marker. Only documents carrying this batch's marker are ever
 * deleted. See docs/safety.md.
 */
export async function seedUp(db: Db, request: SeedRequest, logger: Logger): Promise<SeedResult> {
  const started = Date.now();
  const { settings, batch } = request;
  const pause = (point: PausePoint): void => pauseForTest(point, request.testHooks, logger);
  assertNotProduction(settings);
  await pingDatabase(db);
  const plan = planFromSettings(settings, batch);

  pause('before-lock');
  let lock: LockHandle;
  try {
    lock = await acquireSeedLock(db, { command: 'up', batch }, logger);
  } catch (err) {
    throw seedFailure(err, { command: 'up', batch });
  }
  let handedOver = false;
  let failure: unknown;
  let reserved: Reserved | undefined;
  try {
    if (request.changelogFile) await assertNotApplied(db, request.changelogFile, logger);
    const removedPartial = await removeBatch(db, batch);
    if (removedPartial.calls + removedPartial.logs > 0) {
      logger.warn(
        `removed ${removedPartial.calls} calls and ${removedPartial.logs} activity logs left by an interrupted run of ${batch}`,
      );
    }
    reserved = await reserveBatchIds(db, settings, plan.count);
    pause('after-reserve');
    const sample = await writePlan(db, plan, reserved, settings, lock, pause, request.onProgress);
    // A holder we took over while it might still run may have written a few more documents before it stopped.
    if (lock.takeover?.holderMayBeAlive) await removeStrays(db, batch, reserved, logger);
    if (request.changelogFile) {
      await lock.handOverToChangelog(request.changelogFile, true);
      handedOver = true;
    }
    pause('before-changelog');
    return {
      batch,
      seed: plan.seed,
      refDate: plan.options.refDate,
      calls: reserved.calls,
      logs: reserved.logs,
      removedPartial,
      sample,
      elapsedMs: Date.now() - started,
    };
  } catch (err) {
    failure = err;
    // Taken over after a stall: the new holder re-seeds this batch, so take back exactly our own ids.
    if (reserved && lock.lostReason() && !isConnectionLoss(err)) {
      await removeOwnDocuments(db, batch, reserved).catch(() => undefined);
    }
    throw seedFailure(err, { command: 'up', batch });
  } finally {
    // Without a server the release would only wait for it: the next run takes the lock over.
    if (isConnectionLoss(failure)) lock.abandon();
    else if (!handedOver) await lock.release();
  }
}

/**
 * A run that read the changelog before another run of the same seed file finished must not
 * apply it again. The unique index makes a second entry impossible even if a stalled run
 * wakes up after being taken over (migrate-mongo then fails to write its entry).
 */
async function assertNotApplied(db: Db, changelogFile: string, logger: Logger): Promise<void> {
  const changelog = db.collection(CHANGELOG);
  await changelog
    .createIndex({ fileName: 1 }, { unique: true, name: 'crm_seed_unique_fileName' })
    .catch((err: unknown) => {
      if (isConnectionLoss(err)) throw err;
      logger.warn(
        `could not make ${CHANGELOG}.fileName unique (${err instanceof Error ? err.message : String(err)}); continuing with the lock alone`,
      );
    });
  if (await changelog.findOne({ fileName: changelogFile })) {
    throw new SafetyError(
      `${changelogFile} was applied by another run while this one waited for the lock; nothing written`,
    );
  }
}

async function writePlan(
  db: Db,
  plan: GenerationPlan,
  reserved: Reserved,
  settings: Settings,
  lock: LockHandle,
  pause: (point: PausePoint) => void,
  onProgress: ((n: number) => void) | undefined,
): Promise<CallDoc | undefined> {
  let sample: CallDoc | undefined;
  const chunks = generateChunks(plan, reserved.calls.first, reserved.logs.first, settings.batchSize);
  const sampled = (function* () {
    for (const chunk of chunks) {
      // Copied before insertMany adds its _id to the original.
      sample ??= { ...chunk.calls[0]! };
      yield chunk;
    }
  })();
  const half = Math.floor(plan.count / 2);
  const middleChunk = Math.floor(half / settings.batchSize);
  let pausedMid = false;
  await writeChunks(db, sampled, {
    concurrency: settings.concurrency,
    onProgress: (written) => {
      if (!pausedMid && written >= half) {
        pausedMid = true;
        pause('mid-calls');
      }
      onProgress?.(written);
    },
    stopReason: lock.lostReason,
    afterCalls: (chunkIndex) => {
      if (chunkIndex === middleChunk) pause('between-calls-and-logs');
    },
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
