import type { Db } from 'mongodb';
import { ensureLegacyScan, findBatch, forgetBatch } from '../write/batch-registry';
import type { RegisteredCollection } from '../write/batch-registry';
import { removeBatch } from '../write/remove-batch';
import type { RemovedPerCollection } from '../write/remove-batch';

export interface Removed {
  readonly batch: string;
  /** Documents removed per collection; empty when the batch had nothing left. */
  readonly collections: RemovedPerCollection;
  readonly total: number;
}

/**
 * Removes one batch by its marker from the collections the registry says it wrote, then its
 * registry entry. Runs under the seed lock. Batches older than the registry are found by the
 * one legacy scan. Without an entry, `fallback` (the collections a seed file's dataset
 * names, counts unknown) is swept instead, so a batch whose entry was lost is still removed.
 */
export async function removeRegisteredBatch(
  db: Db,
  batch: string,
  runId: string,
  fallback: readonly string[] = [],
): Promise<Removed> {
  await ensureLegacyScan(db, runId);
  const entry = await findBatch(db, batch);
  const collections: readonly RegisteredCollection[] =
    entry?.collections ?? fallback.map((name) => ({ name, count: Number.POSITIVE_INFINITY, ids: 'counter' }));
  const removed = collections.length === 0 ? {} : await removeBatch(db, batch, collections);
  if (entry) await forgetBatch(db, batch);
  return { batch, collections: removed, total: Object.values(removed).reduce((a, b) => a + b, 0) };
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
