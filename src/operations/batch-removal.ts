import type { Db } from 'mongodb';
import { InterruptedError, SafetyError } from '../errors';
import { ensureLegacyScan, findBatch, forgetBatch, setCollections } from '../write/batch-registry';
import type { BatchEntry, RegisteredCollection } from '../write/batch-registry';
import { countOutside, RemovalStopped, removeBatch } from '../write/remove-batch';
import type { RemovedPerCollection } from '../write/remove-batch';
import { couldNotTakeBack, stoppedRemoval, tookBack } from './interruption';
import type { Emit } from './lifecycle';

export interface Removed {
  readonly batch: string;
  /** Documents removed per collection; empty when the batch had nothing left. */
  readonly collections: RemovedPerCollection;
  readonly total: number;
  /** Documents that carry the marker outside the batch's recorded ids: left in place, per collection. */
  readonly outside: Readonly<Record<string, number>>;
}

/**
 * Who asks for the removal. A seed file may only remove a batch its own runs registered
 * (the entry names the file): a batch imported under the same marker is never its to take.
 * `applied`: migrate-mongo lists the file as applied, so a batch older than the registry
 * (no file recorded) is that file's, and without any entry `fallback` (the collections its
 * dataset names) is swept by marker. Cleanup and import name the batch themselves: `any`.
 */
export type Remover =
  | {
      readonly kind: 'any';
      /** What to remove when the registry has no entry (a scan for the marker found it). */
      readonly fallback?: readonly RegisteredCollection[] | undefined;
    }
  | {
      readonly kind: 'seed-file';
      /** Undefined for a batch of seedBatch (a script): it may take only script batches. */
      readonly seedFile: string | undefined;
      readonly applied: boolean;
      readonly fallback?: readonly string[] | undefined;
    };

export const ANY: Remover = { kind: 'any' };

/** How a removal reports its deletes and learns that it must stop. */
export interface RemovalControl {
  /** Checked before each delete (down, cleanup): the run's interruption, or undefined. */
  readonly interrupted?: () => InterruptedError | undefined;
  /** Reports each delete as a `removing` lifecycle event. */
  readonly emit?: Emit;
}

/**
 * Removes one batch from the collections the registry says it wrote, by its marker within
 * its recorded id ranges, then its registry entry. Runs under the seed lock. Batches older
 * than the registry are found by the one legacy scan. Throws MARKER_IN_USE when the batch
 * is not the remover's (see Remover). Interrupted between two deletes, it keeps the entry
 * with the counts that are left (so running it again finishes, and the registry stays exact)
 * and throws the InterruptedError saying what it removed and what is left.
 */
export async function removeRegisteredBatch(
  db: Db,
  batch: string,
  runId: string,
  remover: Remover = ANY,
  control: RemovalControl = {},
): Promise<Removed> {
  await ensureLegacyScan(db, runId);
  const entry = await findBatch(db, batch);
  if (entry && !mayRemove(entry, remover)) throw notOurs(entry, remover);
  const collections: readonly RegisteredCollection[] =
    entry?.collections ??
    (remover.kind === 'any'
      ? (remover.fallback ?? [])
      : (remover.applied ? (remover.fallback ?? []) : []).map((name) => ({
          name,
          count: Number.POSITIVE_INFINITY,
          ids: 'counter' as const,
        })));
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
  const total = Object.values(removed).reduce((a, b) => a + b, 0);
  const expected = collections.reduce((a, c) => a + c.count, 0);
  // Fewer than registered: some may carry the marker outside the batch's ids. Counted, never deleted.
  const outside = entry && total < expected ? await countOutside(db, batch, entry.collections) : {};
  if (entry) await forgetBatch(db, batch);
  return { batch, collections: removed, total, outside };
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
 * entry, by marker and id range: the batch is its own while it holds the lock), not
 * interrupted again, and returns the interruption saying so.
 */
export async function takeBack(
  db: Db,
  stop: InterruptedError,
  runId: string,
  emit: Emit,
): Promise<InterruptedError> {
  try {
    const removed = await removeRegisteredBatch(db, stop.batch ?? '', runId, ANY, { emit });
    return tookBack(stop, removed.collections);
  } catch (err) {
    return couldNotTakeBack(stop, err);
  }
}

function mayRemove(entry: BatchEntry, remover: Remover): boolean {
  if (remover.kind === 'any') return true;
  if (entry.seedFile === remover.seedFile) return true;
  return remover.applied && entry.legacy === true && entry.seedFile === undefined;
}

/** Where a batch came from, for messages: "imported from calls.jsonl", "seed file x.ts", … */
export function originOf(entry: BatchEntry): string {
  if (entry.legacy) return 'written before the batch registry, by an unknown command';
  if (!entry.seedFile) return `written by a script (pid ${entry.pid} on ${entry.host})`;
  return /\.(c|m)?[jt]s$/.test(entry.seedFile)
    ? `seed file ${entry.seedFile}`
    : `imported from ${entry.seedFile}`;
}

function notOurs(entry: BatchEntry, remover: Remover): SafetyError {
  const file = remover.kind === 'seed-file' && remover.seedFile ? ` of ${remover.seedFile}` : '';
  return new SafetyError(
    `marker "${entry._id}"${file} is used by another batch (${originOf(entry)}, ${entry.startedAt.toISOString()}); ` +
      `nothing of it was touched: remove that batch with crm-seed cleanup --batch ${entry._id}, or rename the seed file`,
    { code: 'MARKER_IN_USE', batch: entry._id },
  );
}

/** "120 calls, 120 activity_logs" in write order. */
export function describeRemoved(removed: Removed): string {
  return Object.entries(removed.collections)
    .reverse()
    .map(([name, n]) => `${n} ${name}`)
    .join(', ');
}

/** Logs what an interrupted run had left, when there was anything, and any marked documents left alone. */
export function reportLeftovers(removed: Removed, what: string, print: (line: string) => void): void {
  if (removed.total > 0) print(`removed ${describeRemoved(removed)} left by ${what}`);
  reportOutside(removed, print);
}

/** Marked documents outside the batch's ids were not written by it: say so, and that they stay. */
export function reportOutside(removed: Removed, print: (line: string) => void): void {
  const outside = Object.entries(removed.outside);
  if (outside.length === 0) return;
  const list = outside.map(([name, n]) => `${n} ${name}`).join(', ');
  print(
    `left ${list} that carry the marker "${removed.batch}" but lie outside the ids the batch wrote ` +
      `(not written by it: imported or edited by hand); inspect them with {seed_batch: "${removed.batch}"}`,
  );
}

/** A seed file that migrate-mongo's changelog does not list: what an interrupted `up` of it left is removable. */
export interface UnappliedSeed {
  readonly seedFile: string;
  readonly batch: string;
}

/**
 * Removes the registered batches of unapplied seed files (interrupted `up` runs), under the
 * caller's lock, reporting each that had anything. A batch under such a file's marker that
 * its runs did not register (an import, a batch older than the registry) is reported and
 * left. Returns the markers that had anything removed.
 */
export async function removeInterruptedBatches(
  db: Db,
  seeds: readonly UnappliedSeed[],
  runId: string,
  print: (line: string) => void,
): Promise<string[]> {
  const cleaned: string[] = [];
  if (seeds.length > 0) await ensureLegacyScan(db, runId);
  for (const { seedFile, batch } of seeds) {
    const entry = await findBatch(db, batch);
    if (!entry) continue;
    if (entry.seedFile !== seedFile) {
      print(
        `left batch ${batch} in place: ${originOf(entry)}, not by an interrupted up of ${seedFile}` +
          ` (remove it with crm-seed cleanup --batch ${batch} if it is unwanted)`,
      );
      continue;
    }
    const removed = await removeRegisteredBatch(db, batch, runId, {
      kind: 'seed-file',
      seedFile,
      applied: false,
    });
    reportLeftovers(removed, `an interrupted up of ${batch} (not applied)`, print);
    if (removed.total > 0) cleaned.push(batch);
  }
  return cleaned;
}
