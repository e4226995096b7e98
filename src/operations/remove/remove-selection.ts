import type { Db, Document, Filter } from 'mongodb';
import { SafetyError } from '../../errors';
import type { Logger } from '../../logger';
import { BATCH_FIELD } from '../../schema/marker';
import { findBatch, setCollections } from '../../write/registry/batch-registry';
import type { BatchEntry, RegisteredCollection } from '../../write/registry/batch-registry';
import type { ProductionGuard } from '../../write/production-guard';
import { deleteAll, ownDocuments, proofOf } from '../../write/removal/remove-batch';
import type { RemovedPerCollection } from '../../write/removal/remove-batch';
import { OPERATOR, removeRegisteredBatch } from './batch-removal';
import { runGuarded } from '../guarded-operation';
import { stoppedRemoval } from '../interruption';
import { markerOf } from '../seed/seed-file-state';
import { lifecycleEmitter } from '../lifecycle';
import { batchPlan, countFiltered } from './cleanup-selection';
import type { CleanupPlan, CollectionCount } from './cleanup-selection';

/**
 * Deletes what a plan showed, through the guarded operation. What the selection matches is
 * taken again once the lock is held: if it differs from what the user confirmed (a seed ran
 * meanwhile), nothing is deleted. Children go first, so an interruption leaves at worst
 * parents without children, which `verify` reports and a second cleanup removes. A batch
 * goes with its registry entry; ids and last-n selections update the entries of the batches
 * they took documents from, so the registry stays exact. Aborting `signal` stops it between
 * two deletes with an InterruptedError saying what was removed and what is left (the
 * registry is updated, so running the cleanup again finishes it).
 */
export async function removeSelection(
  db: Db,
  plan: CleanupPlan,
  guard: ProductionGuard,
  logger: Logger,
  { signal }: { readonly signal?: AbortSignal | undefined } = {},
): Promise<RemovedPerCollection> {
  const emit = lifecycleEmitter(undefined);
  const options = { db, command: 'cleanup', batch: plan.description, guard, logger, emit, signal } as const;
  return runGuarded(options, async (run) => {
    const { selection, filters } = plan;
    // A batch as the registry (or, without an entry, a scan for its marker) has it now.
    const now =
      selection.kind === 'batch'
        ? (await batchPlan(db, selection, { present: false })).counts
        : await countFiltered(db, filters ?? {});
    if (!sameCounts(now, plan.counts)) {
      throw new SafetyError(
        `the selection changed after it was shown (${describe(plan.counts)} then; ${describe(now)} now); nothing deleted, run cleanup again`,
        { code: 'SELECTION_CHANGED' },
      );
    }
    if (selection.kind === 'batch' && !plan.unproven) {
      const control = { interrupted: run.interrupted, emit };
      return (await removeRegisteredBatch(db, selection.batch, OPERATOR, control)).collections;
    }
    // An unproven marker goes by the marker alone: the operator saw the counts and confirmed.
    const targets: Readonly<Record<string, Filter<Document>>> =
      selection.kind === 'batch'
        ? Object.fromEntries(
            plan.counts.map(({ name }) => [name, { [BATCH_FIELD]: { $eq: selection.batch } }]),
          )
        : (filters ?? {});
    const removed: RemovedPerCollection = {};
    const totals = Object.fromEntries(plan.counts.map(({ name, count }) => [name, count]));
    for (const [name, filter] of Object.entries(targets).reverse()) {
      const stop = run.interrupted();
      if (stop) throw stoppedRemoval(stop, removed, totals);
      const perBatch = await countPerBatch(db, name, filter);
      emit({
        type: 'removing',
        batch: plan.description,
        collection: name,
        removed: 0,
        total: totals[name] ?? 0,
      });
      // deleteAll: one deleteMany, split only where FerretDB/SQLite limits the matches per delete.
      removed[name] = await deleteAll(db.collection(name), filter);
      await shrinkEntries(db, name, perBatch);
    }
    return removed;
  });
}

/** The same selection: a registered batch by its registry counts, anything else by what it matches. */
function sameCounts(a: readonly CollectionCount[], b: readonly CollectionCount[]): boolean {
  const key = (c: CollectionCount | undefined): number | undefined => c?.registered ?? c?.count;
  return a.length === b.length && a.every((c, i) => c.name === b[i]?.name && key(c) === key(b[i]));
}

function describe(counts: readonly CollectionCount[]): string {
  return counts.length === 0
    ? 'nothing'
    : counts.map((c) => `${c.registered ?? c.count} ${c.name}`).join(', ');
}

/** What a filter matches, per batch marker ($group with $sum: FerretDB has that). */
async function countPerBatch(
  db: Db,
  collection: string,
  filter: Filter<Document>,
): Promise<Map<string, number>> {
  const groups = await db
    .collection(collection)
    .aggregate<{ _id: unknown; n: number }>([
      { $match: filter },
      { $group: { _id: `$${BATCH_FIELD}`, n: { $sum: 1 } } },
    ])
    .toArray();
  return new Map(groups.map((g) => [String(g._id), g.n]));
}

/** Lowers the registered counts of the batches a selection took documents from, and narrows their id ranges. */
async function shrinkEntries(
  db: Db,
  collection: string,
  removed: ReadonlyMap<string, number>,
): Promise<void> {
  for (const [batch, n] of removed) {
    const entry = await findBatch(db, batch);
    if (!entry) continue;
    const collections: RegisteredCollection[] = [];
    for (const c of entry.collections) {
      if (c.name !== collection) {
        collections.push(c);
        continue;
      }
      const count = Math.max(0, c.count - n);
      const { first: _first, last: _last, ...rest } = c;
      collections.push(count === 0 ? rest : { ...rest, count, ...(await idRange(db, collection, entry, c)) });
    }
    await setCollections(db, batch, collections);
  }
}

/** A batch's lowest and highest id (or _id) in a collection, as they are now, within its registered range. */
async function idRange(
  db: Db,
  collection: string,
  entry: BatchEntry,
  registered: RegisteredCollection,
): Promise<Pick<RegisteredCollection, 'first' | 'last'>> {
  const field = registered.ids === 'objectId' ? '_id' : 'id';
  const end = async (direction: 1 | -1): Promise<RegisteredCollection['first']> =>
    (
      await db
        .collection(collection)
        .find(ownDocuments(proofOf(entry), registered), { projection: { [field]: 1 } })
        .sort({ [field]: direction })
        .limit(1)
        .next()
    )?.[field] as RegisteredCollection['first'];
  return { first: await end(1), last: await end(-1) };
}

/**
 * A batch removed by cleanup may still be recorded as applied by migrate-mongo (its seed
 * file); then `migrate-mongo up` will not insert it again until `migrate-mongo down` clears
 * the entry.
 */
export async function appliedSeedFileOf(
  db: Db,
  changelogCollection: string,
  batch: string,
): Promise<string | undefined> {
  const entries = await db
    .collection(changelogCollection)
    .find({}, { projection: { _id: 0, fileName: 1 } })
    .sort({ fileName: 1 })
    .toArray();
  const names = entries.map((e): unknown => e['fileName']).filter((n): n is string => typeof n === 'string');
  return names.find((name) => markerOf(name) === batch);
}
