import type { Db } from 'mongodb';
import type { Settings } from '../config/settings-table';
import { SafetyError } from '../errors';
import { generateChunks, planFromSettings } from '../generate/generation-plan';
import type { GenerationPlan } from '../generate/generation-plan';
import type { Logger } from '../logger';
import type { CallDoc } from '../schema/call-schema';
import { ACTIVITY_LOGS, CALLS, CHANGELOG } from '../write/collections';
import { pingDatabase } from '../write/connect';
import { reserveIdBlock } from '../write/id-blocks';
import type { IdBlock } from '../write/id-blocks';
import { writeChunks } from '../write/insert-pipeline';
import { assertNotProduction } from '../write/production-guard';
import { removeBatch } from '../write/remove-batch';
import type { RemovedCounts } from '../write/remove-batch';
import { acquireSeedLock } from '../write/seed-lock';

export interface SeedRequest {
  /** The marker written into every document, e.g. the seed file's name. */
  readonly batch: string;
  /** The changelog entry this run stands for (migrate-mongo's file name), if any. */
  readonly changelogFile?: string;
  readonly settings: Settings;
  readonly onProgress?: (callsWritten: number) => void;
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

/**
 * Inserts one batch: guard, lock, re-check the changelog, remove what an interrupted run of
 * the same batch left, reserve the id blocks, stream the documents. Used by migrate-mongo
 * seed files (through define-call-seed.ts) and by the CLI.
 */
export async function seedUp(db: Db, request: SeedRequest, logger: Logger): Promise<SeedResult> {
  const started = Date.now();
  const { settings, batch } = request;
  assertNotProduction(settings);
  await pingDatabase(db);
  const plan = planFromSettings(settings, batch);

  const lock = await acquireSeedLock(db, { command: 'up', batch }, logger);
  let handedOver = false;
  try {
    if (
      request.changelogFile &&
      (await db.collection(CHANGELOG).findOne({ fileName: request.changelogFile }))
    ) {
      throw new SafetyError(
        `${request.changelogFile} was applied by another run while this one waited for the lock; nothing written`,
      );
    }
    const removedPartial = await removeBatch(db, batch);
    if (removedPartial.calls + removedPartial.logs > 0) {
      logger.warn(
        `removed ${removedPartial.calls} calls and ${removedPartial.logs} activity logs left by an interrupted run of ${batch}`,
      );
    }
    const { calls, logs, sample } = await insertPlan(db, plan, settings, request.onProgress, lock.lostReason);
    if (request.changelogFile) {
      await lock.handOverToChangelog(request.changelogFile, true);
      handedOver = true;
    }
    return {
      batch,
      seed: plan.seed,
      refDate: plan.options.refDate,
      calls,
      logs,
      removedPartial,
      sample,
      elapsedMs: Date.now() - started,
    };
  } finally {
    if (!handedOver) await lock.release();
  }
}

async function insertPlan(
  db: Db,
  plan: GenerationPlan,
  settings: Settings,
  onProgress: ((n: number) => void) | undefined,
  stopReason: () => Error | undefined,
): Promise<{ calls: IdBlock; logs: IdBlock; sample: CallDoc | undefined }> {
  const counter = {
    collection: settings.countersCollection,
    keyField: settings.counterKeyField,
    seqField: settings.counterSeqField,
  };
  const calls = await reserveIdBlock(db, counter, CALLS, plan.count);
  const logs = await reserveIdBlock(db, counter, ACTIVITY_LOGS, plan.count);
  let sample: CallDoc | undefined;
  const chunks = generateChunks(plan, calls.first, logs.first, settings.batchSize);
  const sampled = (function* () {
    for (const chunk of chunks) {
      // Copied before insertMany adds its _id to the original.
      sample ??= { ...chunk.calls[0]! };
      yield chunk;
    }
  })();
  await writeChunks(db, sampled, {
    concurrency: settings.concurrency,
    ...(onProgress ? { onProgress } : {}),
    stopReason,
  });
  return { calls, logs, sample };
}
