import { dropCreatedIfEmpty } from '../../write/removal/tidy';
import type { Db } from 'mongodb';
import { InterruptedError, RemovalStopped, SafetyError } from '../../errors';
import { countMarked, findBatch, forgetBatch, setCollections } from '../../write/registry/batch-registry';
import type { BatchEntry, RegisteredCollection } from '../../write/registry/batch-registry';
import { countLeftMarked, proofOf, removeBatch } from '../../write/removal/remove-batch';
import type { RemovedPerCollection } from '../../write/removal/remove-batch';
import { couldNotTakeBack, stoppedRemoval, tookBack } from '../interruption';
import type { Emit } from '../lifecycle';

export interface Removed {
  readonly batch: string;
  /** Documents removed per collection; empty when the batch had nothing left. */
  readonly collections: RemovedPerCollection;
  readonly total: number;
  /** Documents that carry the marker but are not the batch's own (another run, outside its ids): left in place, per collection. */
  readonly outside: Readonly<Record<string, number>>;
}

/**
 * Who asks for a removal, and so which batches it may take. A batch belongs to where it was
 * recorded (the registry entry's `owner`): a seed file's batch to that seed file applied
 * through that changelog, a script's to its namespace, an import's to the import. The
 * operator (crm-seed cleanup, shown the counts and asked) may take any registered batch.
 */
export type Remover =
  | { readonly kind: 'operator' }
  | {
      readonly kind: 'owner';
      /** `changelog:<collection>`, `script:<namespace>` or `import` (see BatchEntry.owner). */
      readonly owner: string;
      /** For a seed file: its file name, which the entry must name too. */
      readonly seedFile?: string | undefined;
      /**
       * Where to look for documents carrying the marker when the registry has no entry for the
       * batch: they are reported (UNPROVEN_BATCH), never deleted.
       */
      readonly collections?: readonly string[] | undefined;
    };

export const OPERATOR: Remover = { kind: 'operator' };

/** How a removal reports its deletes and learns that it must stop. */
export interface RemovalControl {
  /** Checked before each delete (down, cleanup): the run's interruption, or undefined. */
  readonly interrupted?: () => InterruptedError | undefined;
  /** Reports each delete as a `removing` lifecycle event. */
  readonly emit?: Emit;
}

/**
 * Removes one batch from the collections the registry says it wrote: the documents that
 * carry its marker and its run's identity within its recorded id ranges (proofOf), then its
 * registry entry. Runs under the seed lock. Without a registry entry (lost, or never written)
 * nothing proves which marked documents are the tool's: nothing is deleted, and documents
 * carrying the marker make it throw UNPROVEN_BATCH saying what was found and how an operator
 * removes them; none at all is "already gone". Throws MARKER_IN_USE when the batch is not the
 * remover's (see Remover). Interrupted between two deletes, it keeps the entry with the counts
 * that are left (running it again finishes, and the registry stays exact) and throws the
 * InterruptedError saying what it removed and what is left.
 */
export async function removeRegisteredBatch(
  db: Db,
  batch: string,
  remover: Remover,
  control: RemovalControl = {},
): Promise<Removed> {
  const entry = await findBatch(db, batch);
  if (!entry) {
    const scope = remover.kind === 'owner' ? (remover.collections ?? []) : [];
    const found = await countMarked(db, batch, scope);
    if (Object.keys(found).length > 0) throw unproven(batch, found, 'its registry entry is missing');
    return { batch, collections: {}, total: 0, outside: {} };
  }
  await refuseUnlessRemovable(db, entry, remover);
  return removeProven(db, entry, control);
}

/** Refuses a batch this remover may not remove: inferred from markers by an earlier version, or another owner's. */
export async function refuseUnlessRemovable(db: Db, entry: BatchEntry, remover: Remover): Promise<void> {
  if (entry.legacy) {
    const found = await countMarked(
      db,
      entry._id,
      entry.collections.map((c) => c.name),
    );
    throw unproven(entry._id, found, 'its registry entry was inferred from markers by an earlier version');
  }
  if (!mayRemove(entry, remover)) throw notOurs(entry, remover);
}

/** Removes a batch whose entry is in hand, by its proof; see removeRegisteredBatch. */
export async function removeProven(db: Db, entry: BatchEntry, control: RemovalControl): Promise<Removed> {
  const batch = entry._id;
  const proof = proofOf(entry);
  const totals = Object.fromEntries(entry.collections.map((c) => [c.name, c.count]));
  let removed: RemovedPerCollection = {};
  try {
    removed = await removeBatch(db, proof, entry.collections, {
      ...(control.interrupted ? { stopReason: control.interrupted } : {}),
      onDelete: (collection, n) =>
        control.emit?.({ type: 'removing', batch, collection, removed: n, total: totals[collection] ?? 0 }),
    });
  } catch (err) {
    if (!(err instanceof RemovalStopped && err.reason instanceof InterruptedError)) throw err;
    await setCollections(db, batch, remaining(entry.collections, err.removed));
    throw stoppedRemoval(err.reason, err.removed, totals);
  }
  const total = Object.values(removed).reduce((a, b) => a + b, 0);
  // Marked documents that are not the batch's own are counted, never deleted.
  const outside = await countLeftMarked(db, batch, entry.collections, removed);
  await forgetBatch(db, batch, entry.runId);
  await dropCreatedIfEmpty(db, entry);
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
    const removed = await takeBackOwn(db, stop.batch ?? '', runId, { emit });
    return tookBack(stop, removed.collections);
  } catch (err) {
    return couldNotTakeBack(stop, err);
  }
}

/**
 * Removes what the run `runId` wrote of `batch`, and its registry entry, when the registry
 * still names that run: how a failed or interrupted up or import takes back its own writes
 * (under the lock it holds). Anything else under the marker is left.
 */
export async function takeBackOwn(
  db: Db,
  batch: string,
  runId: string,
  control: RemovalControl = {},
): Promise<Removed> {
  const entry = await findBatch(db, batch);
  if (!entry || entry.runId !== runId) return { batch, collections: {}, total: 0, outside: {} };
  return removeProven(db, entry, control);
}

export function mayRemove(entry: BatchEntry, remover: Remover): boolean {
  if (remover.kind === 'operator') return true;
  if (remover.seedFile !== undefined && entry.seedFile !== remover.seedFile) return false;
  // Entries of versions before owners: a seed file's by its file name, a script's by having none.
  if (entry.owner === undefined) return remover.seedFile !== undefined || entry.seedFile === undefined;
  return entry.owner === remover.owner;
}

/** Where a batch came from, for messages: "imported from tasks.jsonl", "seed file x.ts", … */
export function originOf(entry: BatchEntry): string {
  if (entry.legacy) return 'inferred from its markers by an earlier version';
  const through = entry.owner?.startsWith('changelog:') ? ` applied through ${entry.owner.slice(10)}` : '';
  if (entry.owner?.startsWith('script:')) return `written by a script (namespace ${entry.owner.slice(7)})`;
  if (!entry.seedFile) return `written by a script (pid ${entry.pid} on ${entry.host})`;
  return /\.(c|m)?[jt]s$/.test(entry.seedFile)
    ? `seed file ${entry.seedFile}${through}`
    : `imported from ${entry.seedFile}`;
}

export function notOurs(entry: BatchEntry, remover: Remover): SafetyError {
  const who = remover.kind === 'owner' ? (remover.seedFile ?? remover.owner) : 'this command';
  return new SafetyError(
    `marker "${entry._id}" belongs to another batch (${originOf(entry)}, ${entry.startedAt.toISOString()}), not to ${who}; ` +
      `nothing of it was touched: use another marker (${howItGoes(entry)})`,
    { code: 'MARKER_IN_USE', batch: entry._id },
  );
}

/**
 * How another's batch goes, for messages that leave it in place: by its owner's own way (a
 * seed file's down in its repository, its script's namespace), never by advising this
 * repository's operator to remove what another applied. Only an import, or an entry that
 * proves no owner, is the operator's to remove.
 */
export function howItGoes(entry: BatchEntry): string {
  if (!entry.legacy && entry.owner?.startsWith('changelog:')) {
    return `it is the seed file's, applied through ${entry.owner.slice(10)}: migrate-mongo down where it is applied removes it`;
  }
  if (!entry.legacy && entry.owner?.startsWith('script:')) {
    return `removeSeedBatch with namespace ${entry.owner.slice(7)} removes it`;
  }
  return `crm-seed cleanup --batch ${entry._id} removes it if it is unwanted`;
}

/** Documents carrying a marker that no registry entry of this tool proves: reported, never deleted automatically. */
export function unproven(batch: string, found: Readonly<Record<string, number>>, why: string): SafetyError {
  const list = Object.entries(found).map(([name, n]) => `${n} ${name}`);
  const what = list.length > 0 ? `${list.join(', ')} carry its marker` : 'documents may carry its marker';
  return new SafetyError(
    `batch ${batch}: ${what}, but ${why}, so which of them this tool wrote cannot be proven; nothing was removed: ` +
      `inspect them with {seed_batch: "${batch}"}, then remove them with crm-seed cleanup --batch ${batch} (shows the counts and asks)`,
    { code: 'UNPROVEN_BATCH', batch },
  );
}

/** "120 tasks, 240 task_notes" in write order. */
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

/** Marked documents that are not the batch's own were not written by it: say so, and that they stay. */
export function reportOutside(removed: Removed, print: (line: string) => void): void {
  const outside = Object.entries(removed.outside);
  if (outside.length === 0) return;
  const list = outside.map(([name, n]) => `${n} ${name}`).join(', ');
  print(
    `left ${list} that carry the marker "${removed.batch}" but were not written by its run ` +
      `(another run's identity, or outside the ids the batch wrote: copied, imported or edited by hand); inspect them with {seed_batch: "${removed.batch}"}`,
  );
}
