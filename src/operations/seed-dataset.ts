import { randomUUID } from 'node:crypto';
import type { Db, ObjectId } from 'mongodb';
import { ConfigError, InterruptedError, SafetyError, SeedError, withMessage } from '../errors';
import type { DatasetSpec } from '../generate/dataset';
import { checkDataset } from '../generate/dataset';
import { generateDataset, idKindOf, objectIdFor, preflightDataset } from '../generate/dataset-generation';
import type { DatasetChunk, DatasetPlan } from '../generate/dataset-generation';
import type { Logger } from '../logger';
import { completeBatch, registerBatch } from '../write/batch-registry';
import type { RegisteredCollection } from '../write/batch-registry';
import { driverValuesOf } from '../write/driver-copy';
import { loadExisting } from '../write/existing-docs';
import { reserveIdBlocks } from '../write/id-blocks';
import type { CounterConfig } from '../write/id-blocks';
import { writeChunks } from '../write/insert-pipeline';
import type { ProductionGuard } from '../write/production-guard';
import { clashingRole, STATE_ROLES } from '../write/collections';
import type { CollectionRole } from '../write/collections';
import { deleteAll, ownDocuments, removeBatch } from '../write/remove-batch';
import { isConnectionLoss, isDriverError } from '../write/driver-errors';
import type { LockOptions } from '../write/seed-lock';
import {
  clearForRun,
  describeRemoved,
  removeInterruptedBatches,
  takeBack,
  takeBackOwn,
} from './batch-removal';
import type { CompleteBatch, UnappliedSeed } from './batch-removal';
import { runGuarded } from './guarded-operation';
import { takeBackRefusedUp } from './refused-write';
import type { GuardedRun } from './guarded-operation';
import { lifecycleEmitter } from './lifecycle';
import type { Emit, LifecycleHooks } from './lifecycle';

/** The migrate-mongo changelog entry a seed file's run stands for. */
export interface SeedChangelog {
  readonly collection: string;
  readonly fileName: string;
  /** With migrate-mongo's useFileHash: the file's hash, part of what makes it "applied". */
  readonly fileHash?: string | undefined;
}

export interface DatasetRequest {
  readonly db: Db;
  /** The marker written into every document, e.g. the seed file's name. */
  readonly batch: string;
  readonly dataset: DatasetSpec;
  readonly seed: number;
  readonly refDate: Date;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly counter: CounterConfig;
  readonly guard: ProductionGuard;
  readonly logger: Logger;
  /**
   * Where the batch is recorded, and so who may recover, replace or remove it
   * (`changelog:<collection>`, `script:<namespace>`): see BatchEntry.owner.
   */
  readonly owner: string;
  /**
   * What to do with a complete batch of this name (see CompleteBatch); without it a complete
   * batch is refused (BATCH_EXISTS).
   */
  readonly complete?: CompleteBatch | undefined;
  /** Collections with a role of their own in the host (migrate-mongo's lock), never written as data. */
  readonly hostRoles?: readonly CollectionRole[] | undefined;
  /** The seed file, recorded in the registry. */
  readonly seedFile?: string | undefined;
  /** The changelog entry this run stands for (a migrate-mongo seed file), if any. */
  readonly changelog?: SeedChangelog | undefined;
  /** Unapplied seed files: what their interrupted runs left is removed first. */
  readonly interruptedBatches?: readonly UnappliedSeed[] | undefined;
  /** Root documents written so far. */
  readonly onProgress?: ((written: number) => void) | undefined;
  readonly hooks?: LifecycleHooks | undefined;
  readonly lock?: LockOptions | undefined;
  /**
   * Aborting it stops the run: no new writes, those in flight settle, what this run wrote is
   * removed again, the lock is released, and an InterruptedError says so. Removing what
   * interrupted runs left, before writing, is finished first.
   */
  readonly signal?: AbortSignal | undefined;
}

export interface SeededCollection {
  readonly name: string;
  readonly count: number;
  /** First and last integer id (counter) or _id (objectId); absent when the collection got none. */
  readonly first?: number | ObjectId | undefined;
  readonly last?: number | ObjectId | undefined;
}

export interface DatasetResult {
  readonly batch: string;
  readonly seed: number;
  readonly refDate: Date;
  readonly collections: readonly SeededCollection[];
  /** Documents an interrupted earlier run of this batch had left, removed before writing. */
  readonly removedPartial: number;
  /** Documents of the complete batch this run replaced (asked to, or its seed file changed). */
  readonly replaced: number;
  /** Live documents loaded per linked collection (empty: nothing to link to). */
  readonly linked: Readonly<Record<string, number>>;
  /** The first document of the first collection. */
  readonly sample: Record<string, unknown> | undefined;
  readonly elapsedMs: number;
}

/**
 * Inserts one batch of any dataset through the guarded operation: re-check the changelog,
 * remove what interrupted runs left (from the batch registry), load the records to link
 * to, reserve the id blocks, register the batch, stream the documents, mark it complete.
 *
 * Crash safety without transactions: the batch is registered (state "writing") before its
 * first document and the changelog entry is written (by migrate-mongo) only after the last,
 * so a run that dies leaves a registered batch without a changelog entry, which the next
 * `up` or `down` removes by marker. Only documents carrying this batch's marker are ever
 * deleted. See docs/safety.md.
 */
export async function seedDataset(request: DatasetRequest): Promise<DatasetResult> {
  const started = Date.now();
  const { db, batch, logger } = request;
  const totals = checkDataset(request.dataset, `dataset of ${batch}`);
  checkRoles(request);
  const emit = lifecycleEmitter(request.hooks);
  const runId = randomUUID();
  const plan: DatasetPlan = {
    batch,
    seed: request.seed,
    refDate: request.refDate,
    spec: request.dataset,
    totals,
    existing: new Map(),
    objectId: driverValuesOf(db).objectId,
    runId,
  };
  // A make() that fails on its first document, or claims a field the engine owns, writes nothing.
  preflightDataset(plan);
  const guarded = {
    db,
    command: 'up',
    batch,
    guard: request.guard,
    logger,
    emit,
    signal: request.signal,
  } as const;
  return runGuarded({ ...guarded, ...(request.lock ? { lock: request.lock } : {}) }, async (run) => {
    if (request.changelog) await assertNotApplied(db, request.changelog, batch);
    await removeInterruptedBatches(db, request.interruptedBatches ?? [], request.owner, logger.warn);
    const remover = { kind: 'owner', owner: request.owner, seedFile: request.seedFile } as const;
    const cleared = await clearForRun(db, batch, remover, request.complete, logger.warn);
    run.checkpoint();

    const counted = request.dataset.collections.filter((c) => idKindOf(c) === 'counter').map((c) => c.name);
    const keysOf = (name: string) => request.dataset.collections.find((c) => c.name === name)?.idKeys ?? [];
    // The records to link to and the seeded collections' ids are independent reads: side by side.
    const [existing, blocks] = await Promise.all([
      loadExisting(db, request.dataset.links ?? []),
      reserveIdBlocks(db, request.counter, counted, (name) => totals.get(name) ?? 0, keysOf),
    ]);
    const linked = { ...plan, existing };
    const collections = registeredCollections(linked, blocks);
    run.checkpoint();
    const entry = { _id: batch, collections, seedFile: request.seedFile, seed: request.seed };
    await registerBatch(db, { ...entry, refDate: request.refDate, runId, owner: request.owner }, new Date());
    run.onFailure(async (failure) => {
      // Taken over after a stall: the new holder owns the batch now; take back exactly our own documents.
      if (run.lock.lostReason()) {
        await removeBatch(db, { batch, run: runId }, collections).catch(() => undefined);
        return failure;
      }
      // Asked to stop while still holding the lock: the whole batch is this run's, all of it goes.
      if (failure instanceof InterruptedError) return takeBack(db, failure, runId, emit);
      if (isDriverError(failure)) return takeBackRefusedUp(db, batch, runId, failure);
      return takeBackFailed(db, batch, runId, failure);
    });
    emit({ type: 'ids-reserved', batch, blocks });
    const firstIds = Object.fromEntries(Object.entries(blocks).map(([name, block]) => [name, block.first]));
    const sample = await writePlan(db, linked, firstIds, request, run, emit);
    run.checkpoint();
    // A holder we took over while it might still run may have written a few more documents before it stopped.
    if (run.lock.takeover?.holderMayBeAlive && cleared.interruptedRun) {
      await removeStrays(db, batch, cleared.interruptedRun, collections, logger);
    }
    await completeBatch(db, batch, runId, new Date());
    if (request.changelog) {
      await forgetOtherContent(db, request.changelog);
      await run.handOver(request.changelog, true);
    }
    emit({ type: 'written', batch });
    return {
      batch,
      seed: request.seed,
      refDate: request.refDate,
      collections: collections.map(({ name, count, first, last }) => ({ name, count, first, last })),
      removedPartial: cleared.interrupted,
      replaced: cleared.replaced,
      linked: Object.fromEntries([...linked.existing].map(([name, docs]) => [name, docs.length])),
      sample,
      elapsedMs: Date.now() - started,
    };
  });
}

/**
 * Under useFileHash, entries of this file with another hash describe content that is no
 * longer applied (its batch was replaced or removed): removed before migrate-mongo records
 * the new one, so `down` leaves the file pending and `status` tells the truth.
 */
async function forgetOtherContent(db: Db, changelog: SeedChangelog): Promise<void> {
  if (!changelog.fileHash) return;
  await db
    .collection(changelog.collection)
    .deleteMany({ fileName: changelog.fileName, fileHash: { $ne: changelog.fileHash } });
}

/** Every collection the run touches has one role: counters, state, the host's, seeded, linked. */
function checkRoles(request: DatasetRequest): void {
  const roles: CollectionRole[] = [
    ...STATE_ROLES,
    ...(request.hostRoles ?? []),
    ...(request.changelog ? [["migrate-mongo's changelog", request.changelog.collection] as const] : []),
    ['the counters (SEED_COUNTERS_COLLECTION)', request.counter.collection],
    ...request.dataset.collections.map((c) => ['a seeded collection', c.name] as const),
    ...(request.dataset.links ?? []).map((l) => ['records the seed links to', l.collection] as const),
  ];
  const clash = clashingRole(roles);
  if (clash)
    throw new ConfigError(`${clash}; nothing written`, { code: 'COLLECTION_ROLE', batch: request.batch });
}

/**
 * Any other failure inside the run (a make() that throws, a document over the server's size
 * limit, a bug) takes back what the run wrote, like a refused write: all or nothing.
 */
async function takeBackFailed(db: Db, batch: string, runId: string, failure: unknown): Promise<unknown> {
  if (isConnectionLoss(failure)) return failure;
  let removed: string;
  try {
    const taken = await takeBackOwn(db, batch, runId);
    removed =
      taken.total === 0
        ? 'nothing had been written'
        : `took back the ${describeRemoved(taken)} it had written`;
  } catch {
    removed = 'what it wrote is removed by the next up or down of this batch';
  }
  const message = `up of batch ${batch} stopped: ${failure instanceof Error ? failure.message : String(failure)}; ${removed}`;
  if (failure instanceof SeedError) return withMessage(failure, message);
  return new ConfigError(message, { code: 'DATASET_FAILED', batch, cause: failure });
}

/** Each collection's count and id range, as the registry records them. */
function registeredCollections(
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
  const sampled = (function* (): Generator<DatasetChunk> {
    for (const chunk of generateDataset(plan, firstIds, chunkSize)) {
      // Copied before insertMany adds its _id to the original.
      if (!sample && chunk.groups[0]?.docs[0]) sample = { ...chunk.groups[0].docs[0] };
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
async function removeStrays(
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
