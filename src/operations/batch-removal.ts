import type { Db } from 'mongodb';
import { InterruptedError } from '../errors';
import { ensureLegacyScan, findBatch, forgetBatch, setCollections } from '../write/batch-registry';
import type { RegisteredCollection } from '../write/batch-registry';
import { RemovalStopped, removeBatch } from '../write/remove-batch';
import type { RemovedPerCollection } from '../write/remove-batch';
import { couldNotTakeBack, stoppedRemoval, tookBack } from './interruption';
import type { Emit } from './lifecycle';

export interface Removed {
  readonly batch: string;
  /** Documents removed per collection; empty when the batch had nothing left. */
  readonly collections: RemovedPerCollection;
  readonly total: number;
}

/** How a removal reports its deletes and learns that it must stop. */
export interface RemovalControl {
  /** Checked before each delete (down, cleanup): the run's interruption, or undefined. */
  readonly interrupted?: () => InterruptedError | undefined;
  /** Reports each delete as a `removing` lifecycle event. */
  readonly emit?: Emit;
}

/**
 * Removes one batch by its marker from the collections the registry says it wrote, then its
 * registry entry. Runs under the seed lock. Batches older than the registry are found by the
 * one legacy scan. Without an entry, `fallback` (the collections a seed file's dataset
 * names, counts unknown) is swept instead, so a batch whose entry was lost is still removed.
 * Interrupted between two deletes, it keeps the entry with the counts that are left (so
 * running it again finishes, and the registry stays exact) and throws the InterruptedError
 * saying what it removed and what is left.
 */
export async function removeRegisteredBatch(
  db: Db,
  batch: string,
  runId: string,
  fallback: readonly string[] = [],
  control: RemovalControl = {},
): Promise<Removed> {
  await ensureLegacyScan(db, runId);
  const entry = await findBatch(db, batch);
  const collections: readonly RegisteredCollection[] =
    entry?.collections ?? fallback.map((name) => ({ name, count: Number.POSITIVE_INFINITY, ids: 'counter' }));
  const totals = Object.fromEntries(collections.map((c) => [c.name, c.count]));
  let removed: RemovedPerCollection = {};
  try {
    if (collections.length > 0) {
      removed = await removeBatch(db, batch, collections, {
        ...(control.interrupted ? { stopReason: control.interrupted } : {}),
        onDelete: (collection, n) =>
          control.emit?.({ type: 'removing', batch, collection, removed: n, total: totals[collection] ?? 0 }),
      });
    }
  } catch (err) {
    if (!(err instanceof RemovalStopped && err.reason instanceof InterruptedError)) throw err;
    if (entry) await setCollections(db, batch, remaining(entry.collections, err.removed));
    throw stoppedRemoval(err.reason, err.removed, totals);
  }
  if (entry) await forgetBatch(db, batch);
  return { batch, collections: removed, total: Object.values(removed).reduce((a, b) => a + b, 0) };
}

/** The registered collections with the counts left after removing `removed`. */
function remaining(
  collections: readonly RegisteredCollection[],
  removed: RemovedPerCollection,
): RegisteredCollection[] {
  return collections.map((c) => {
    const count = Math.max(0, c.count - (removed[c.name] ?? 0));
    if (count > 0) return { ...c, count };
    const { first: _first, last: _last, ...rest } = c;
    return { ...rest, count };
  });
}

/**
 * An interrupted up or import takes back what it wrote (its batch's documents and registry
 * entry, by marker: the batch is its own while it holds the lock), not interrupted again,
 * and returns the interruption saying so.
 */
export async function takeBack(
  db: Db,
  stop: InterruptedError,
  runId: string,
  emit: Emit,
): Promise<InterruptedError> {
  try {
    const removed = await removeRegisteredBatch(db, stop.batch ?? '', runId, [], { emit });
    return tookBack(stop, removed.collections);
  } catch (err) {
    return couldNotTakeBack(stop, err);
  }
}

/** "120 calls, 120 activity_logs" in write order. */
export function describeRemoved(removed: Removed): string {
  return Object.entries(removed.collections)
    .reverse()
    .map(([name, n]) => `${n} ${name}`)
    .join(', ');
}

/** Logs what an interrupted run had left, when there was anything. */
export function reportLeftovers(removed: Removed, what: string, print: (line: string) => void): void {
  if (removed.total > 0) print(`removed ${describeRemoved(removed)} left by ${what}`);
}

/**
 * Removes the registered batches of unapplied seed files (interrupted `up` runs), under the
 * caller's lock, reporting each that had anything. Returns the markers that had.
 */
export async function removeInterruptedBatches(
  db: Db,
  markers: readonly string[],
  runId: string,
  print: (line: string) => void,
): Promise<string[]> {
  const cleaned: string[] = [];
  for (const marker of markers) {
    const removed = await removeRegisteredBatch(db, marker, runId);
    reportLeftovers(removed, `an interrupted up of ${marker} (not applied)`, print);
    if (removed.total > 0) cleaned.push(marker);
  }
  return cleaned;
}
