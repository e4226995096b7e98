import { randomUUID } from 'node:crypto';
import { checkDataset } from '../../dataset/check-dataset';
import { preflightDataset } from '../../generate/dataset-generation';
import { loadLinkedRecords } from '../../write/linked-records';
import { ConfigError } from '../../errors';
import type { DatasetPlan } from '../../generate/dataset-generation';
import { completeBatch, findBatch } from '../../write/registry/batch-registry';
import { driverValuesOf } from '../../write/connection/driver-copy';
import { clearForRun, removeInterruptedBatches } from '../remove/batch-recovery';
import { runGuarded } from '../guarded-operation';
import type { GuardedRun } from '../guarded-operation';
import { lifecycleEmitter } from '../lifecycle';
import {
  assertNotApplied,
  checkRoles,
  forgetOtherContent,
  removeStrays,
  reserveAndRegister,
  undoFailedRun,
  writePlan,
} from './seed-dataset-steps';
import type { DatasetRequest, DatasetResult } from './seed-request';

export type { DatasetRequest, DatasetResult, SeedChangelog, SeededCollection } from './seed-request';

/**
 * An applied batch migrate-mongo runs again (useFileHash) whose seed file did not change: it
 * stays, and migrate-mongo records it with its hash (its entries of other content go first,
 * as after a replacement), under the lock until that entry is there.
 */
async function keepApplied(
  run: GuardedRun,
  request: DatasetRequest,
  why: string,
  started: number,
): Promise<DatasetResult> {
  const { db, batch } = request;
  const entry = await findBatch(db, batch);
  if (request.changelog) {
    await forgetOtherContent(db, request.changelog);
    await run.handOver(request.changelog, true);
  }
  return {
    batch,
    seed: entry?.seed ?? request.seed,
    refDate: entry?.refDate ?? request.refDate,
    collections: (entry?.collections ?? []).map(({ name, count, first, last }) => ({
      name,
      count,
      first,
      last,
    })),
    removedPartial: 0,
    replaced: 0,
    // A seed file's batch is applied (in the changelog); a script's is only there.
    unchanged: `batch ${batch} is ${request.changelog ? 'applied' : 'there already'} and kept as it is, nothing written: ${why}`,
    linked: {},
    sample: undefined,
    elapsedMs: Date.now() - started,
  };
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
    if (cleared.kept !== undefined) return keepApplied(run, request, cleared.kept, started);

    const linkedPlan = { ...plan, existing: await loadLinkedRecords(db, request.dataset.links) };
    requireLinks(linkedPlan);
    // A make() that fails on its first document, or claims a field the engine owns, writes nothing.
    preflightDataset(linkedPlan);
    run.checkpoint();
    const prepared = await reserveAndRegister(db, request, linkedPlan, runId, run);
    const { plan: linked, blocks, collections } = prepared;
    run.onFailure(undoFailedRun(db, run, prepared, runId, emit));
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
      linked: Object.fromEntries(
        [...linked.existing].filter(([, docs]) => docs.length > 0).map(([name, docs]) => [name, docs.length]),
      ),
      sample,
      elapsedMs: Date.now() - started,
    };
  });
}

/** A link that is not optional needs a live record: without one the run is refused before it writes. */
function requireLinks(plan: DatasetPlan): void {
  for (const link of plan.spec.links) {
    if (link.optional || plan.spec.lenientPick || (plan.existing.get(link.name)?.length ?? 0) > 0) continue;
    const scope =
      link.tenantField !== undefined ? ` with ${link.tenantField} = ${JSON.stringify(link.tenant)}` : '';
    throw new ConfigError(
      `dataset ${plan.spec.name}: link "${link.name}" found no live record in ${link.collection}${scope}; seed some first, or declare the link optional; nothing written`,
      { code: 'LINK_EMPTY', batch: plan.batch },
    );
  }
}
