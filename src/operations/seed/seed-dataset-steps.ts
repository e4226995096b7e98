import type { Db } from 'mongodb';
import {
  ConfigError,
  DatabaseError,
  InterruptedError,
  SafetyError,
  SeedError,
  withMessage,
} from '../../errors';
import { redactSecrets } from '../../redact';
import { explainDuplicateKey } from '../../write/ids/duplicate-key';
import { generateDataset, idKindOf, objectIdFor } from '../../generate/dataset-generation';
import type { DatasetChunk, DatasetPlan } from '../../generate/dataset-generation';
import type { Logger } from '../../logger';
import { registerBatch } from '../../write/registry/batch-registry';
import { missingCollections } from '../../write/removal/tidy';
import type { RegisteredCollection } from '../../write/registry/batch-registry';
import { reserveIdBlocks } from '../../write/ids/id-blocks';
import type { IdBlock } from '../../write/ids/id-blocks';
import { writeChunks } from '../../write/insert-pipeline';
import { clashingRole, STATE_ROLES } from '../../write/registry/collections';
import type { CollectionRole } from '../../write/registry/collections';
import { deleteAll, ownDocuments, removeBatch } from '../../write/removal/remove-batch';
import { isConnectionLoss, isDriverError } from '../../write/connection/driver-errors';
import { describeRemoved, takeBack, takeBackOwn } from '../remove/batch-removal';
import type { GuardedRun } from '../guarded-operation';
import type { Emit } from '../lifecycle';
import type { DatasetRequest, SeedChangelog } from './seed-request';

/** The steps of seedDataset (seed-dataset.ts), each with what it promises. */

/** What a run reserved and registered before its first document: the plan with its linked records, the blocks. */
export interface PreparedBatch {
  readonly plan: DatasetPlan;
  readonly blocks: Readonly<Record<string, IdBlock>>;
  readonly collections: readonly RegisteredCollection[];
}

/**
 * Reserves the id blocks, then registers the batch, state "writing", before its first
 * document. The plan holds the linked records already (loaded and checked by preflight).
 */
export async function reserveAndRegister(
  db: Db,
  request: DatasetRequest,
  linked: DatasetPlan,
  runId: string,
  run: GuardedRun,
): Promise<PreparedBatch> {
  const spec = request.dataset;
  const counted = spec.collections.filter((c) => idKindOf(c) === 'counter').map((c) => c.name);
  const keysOf = (name: string) => spec.collections.find((c) => c.name === name)?.idKeys ?? [];
  // Which collections this batch creates (dropped with it when left empty), read beside the reservation.
  const [missing, blocks] = await Promise.all([
    missingCollections(
      db,
      spec.collections.map((c) => c.name),
    ),
    reserveIdBlocks(db, request.counter, counted, (name) => linked.totals.get(name) ?? 0, keysOf),
  ]);
  const plan = linked;
  const collections = registeredCollections(linked, blocks).map((c) =>
    missing.has(c.name) ? { ...c, created: true } : c,
  );
  run.checkpoint();
  const entry = {
    _id: plan.batch,
    collections,
    seedFile: request.seedFile,
    seedFolder: request.seedFolder,
    seedFileHash: request.seedFileHash,
    seed: request.seed,
  };
  await registerBatch(db, { ...entry, refDate: request.refDate, runId, owner: request.owner }, new Date());
  return { plan: linked, blocks, collections };
}

/** How a failed run takes back what it wrote: all or nothing, whatever failed. */
export function undoFailedRun(
  db: Db,
  run: GuardedRun,
  prepared: PreparedBatch,
  runId: string,
  emit: Emit,
): (failure: unknown) => Promise<unknown> {
  const { batch } = prepared.plan;
  return async (failure) => {
    // Taken over after a stall: the new holder owns the batch now; take back exactly our own documents.
    if (run.lock.lostReason()) {
      await removeBatch(db, { batch, run: runId }, prepared.collections).catch(() => undefined);
      return failure;
    }
    // Asked to stop while still holding the lock: the whole batch is this run's, all of it goes.
    if (failure instanceof InterruptedError) return takeBack(db, failure, runId, emit);
    if (isDriverError(failure)) return takeBackRefusedUp(db, batch, runId, failure);
    return takeBackFailed(db, batch, runId, failure);
  };
}
/**
 * Under useFileHash, entries of this file with another hash describe content that is no
 * longer applied (its batch was replaced or removed): removed before migrate-mongo records
 * the new one, so `down` leaves the file pending and `status` tells the truth.
 */
export async function forgetOtherContent(db: Db, changelog: SeedChangelog): Promise<void> {
  if (!changelog.fileHash) return;
  await db
    .collection(changelog.collection)
    .deleteMany({ fileName: changelog.fileName, fileHash: { $ne: changelog.fileHash } });
}

/** Every collection the run touches has one role: counters, state, the host's, seeded, linked. */
export function checkRoles(request: DatasetRequest): void {
  const roles: CollectionRole[] = [
    ...STATE_ROLES,
    ...(request.hostRoles ?? []),
    ...(request.changelog ? [["migrate-mongo's changelog", request.changelog.collection] as const] : []),
    ['the counters (SEED_COUNTERS_COLLECTION)', request.counter.collection],
    ...request.dataset.collections.map((c) => ['a seeded collection', c.name] as const),
    ...request.dataset.links.map((l) => ['records the seed links to', l.collection] as const),
  ];
  const clash = clashingRole(roles);
  if (clash)
    throw new ConfigError(`${clash}; nothing written`, { code: 'COLLECTION_ROLE', batch: request.batch });
}

/**
 * Any other failure inside the run (a make() that throws, a document over the server's size
 * limit, a bug) takes back what the run wrote, like a refused write: all or nothing.
 */
export async function takeBackFailed(
  db: Db,
  batch: string,
  runId: string,
  failure: unknown,
): Promise<unknown> {
  if (isConnectionLoss(failure)) return failure;
  const removed = await takeBackSaying(db, batch, runId, 'took back', 'this batch');
  const message = `up of batch ${batch} stopped: ${failure instanceof Error ? failure.message : String(failure)}; ${removed}`;
  if (failure instanceof SeedError) return withMessage(failure, message);
  return new ConfigError(message, { code: 'DATASET_FAILED', batch, cause: failure });
}

/** Each collection's count and id range, as the registry records them. */
export function registeredCollections(
  plan: DatasetPlan,
  blocks: Readonly<Record<string, { first: number; last: number }>>,
): RegisteredCollection[] {
  return plan.spec.collections.map((c) => {
    const count = plan.totals.get(c.name) ?? 0;
    const ids = idKindOf(c);
    if (count === 0) return { name: c.name, count, ids };
    if (ids === 'objectId') {
      return {
        name: c.name,
        count,
        ids,
        first: objectIdFor(plan, c.name, 0),
        last: objectIdFor(plan, c.name, count - 1),
      };
    }
    const block = blocks[c.name]!;
    return { name: c.name, count, ids, first: block.first, last: block.last };
  });
}

/**
 * A run that read the changelog before another run of the same seed file finished must not
 * apply it again: checked once the lock is held. With useFileHash an entry counts only for
 * the same content, as migrate-mongo's own status does.
 */
export async function assertNotApplied(db: Db, changelog: SeedChangelog, batch: string): Promise<void> {
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

export async function writePlan(
  db: Db,
  plan: DatasetPlan,
  firstIds: Readonly<Record<string, number>>,
  request: DatasetRequest,
  run: GuardedRun,
  emit: Emit,
): Promise<Record<string, unknown> | undefined> {
  let sample: Record<string, unknown> | undefined;
  const { batch } = plan;
  const chunkSize = request.batchSize;
  const total = plan.totals.get(plan.spec.collections[0]!.name) ?? 0;
  const sampleOf = plan.spec.sample?.collection ?? plan.spec.collections[0]!.name;
  const sampled = (function* (): Generator<DatasetChunk> {
    for (const chunk of generateDataset(plan, firstIds, chunkSize)) {
      // Copied before insertMany adds its _id to the original.
      const first = sample ? undefined : chunk.groups.find((g) => g.collection === sampleOf)?.docs[0];
      if (first) sample = { ...first };
      yield chunk;
    }
  })();
  await writeChunks(db, sampled, {
    concurrency: request.concurrency,
    onProgress: (written) => {
      emit({ type: 'progress', batch, written, total });
      request.onProgress?.(written);
    },
    stopReason: run.stopReason,
    afterParents: (chunk) => emit({ type: 'chunk-parents-written', batch, chunk, chunkSize, total }),
  });
  return sample;
}

/**
 * Documents of this batch written late by the run we took over from (its lock went stale, but
 * it may have woken up before fencing itself): they carry that run's identity, which its
 * registry entry named, and no other run's documents are touched.
 */
export async function removeStrays(
  db: Db,
  batch: string,
  strayRun: string,
  collections: readonly RegisteredCollection[],
  logger: Logger,
): Promise<void> {
  const removed: string[] = [];
  for (const c of [...collections].reverse()) {
    const n = await deleteAll(
      db.collection(c.name),
      ownDocuments({ batch, run: strayRun }, { ...c, first: undefined, last: undefined }),
    );
    if (n > 0) removed.push(`${n} ${c.name}`);
  }
  if (removed.length > 0) {
    logger.warn(`removed ${removed.reverse().join(', ')} written late by the run whose lock was taken over`);
  }
}

/**
 * The server refused one of `up`'s writes while the connection is still there (a unique
 * index of the app's, a validator): not an outage, so "run up again when the server is back"
 * would be wrong. This run's writes are taken back at once, by marker, under the lock it still
 * holds, and the error names the cause (for a duplicate key: collection, index and value) and
 * what was removed.
 */
export async function takeBackRefusedUp(
  db: Db,
  batch: string,
  runId: string,
  failure: unknown,
): Promise<Error> {
  const explained = await explainDuplicateKey(db, failure);
  const reason =
    explained?.message ??
    `the database refused a write (${redactSecrets(failure instanceof Error ? failure.message : String(failure))})`;
  const removed = await takeBackSaying(db, batch, runId, 'removed', 'this seed file');
  return new DatabaseError(
    `up of batch ${batch} stopped: ${reason}; ${removed}, and nothing is recorded in the changelog`,
    { code: explained?.code ?? 'DB_OPERATION_FAILED', batch, cause: failure },
  );
}

/** Takes back what the run wrote of the batch, and says what it did for the run's error message. */
async function takeBackSaying(
  db: Db,
  batch: string,
  runId: string,
  verb: 'took back' | 'removed',
  nextRunOf: string,
): Promise<string> {
  try {
    const taken = await takeBackOwn(db, batch, runId);
    return taken.total === 0
      ? 'nothing had been written'
      : `${verb} the ${describeRemoved(taken)} it had written`;
  } catch {
    return `what it wrote is removed by the next up or down of ${nextRunOf}`;
  }
}
