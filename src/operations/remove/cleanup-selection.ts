import type { Db, Filter, Document } from 'mongodb';
import { ConfigError } from '../../errors';
import { BATCH_FIELD } from '../../schema/marker';
import { countMarked, dataCollections, findBatch, listBatches } from '../../write/registry/batch-registry';
import { ownDocuments, proofOf } from '../../write/removal/remove-batch';

/**
 * The collection an id or last-n selection counts in, and the collections whose documents
 * belong to its documents (`parentField` holds the parent's id): they go with them.
 */
export interface IdTarget {
  readonly collection: string;
  readonly children: readonly { readonly collection: string; readonly parentField: string }[];
}

/** What to remove: one marker, a range of ids of a collection, or its newest n seeded documents. */
export type Selection =
  | { readonly kind: 'batch'; readonly batch: string }
  | { readonly kind: 'ids'; readonly target: IdTarget; readonly from: number; readonly to: number }
  | { readonly kind: 'last'; readonly target: IdTarget; readonly count: number };

/** How many documents of one collection a selection matches. */
export interface CollectionCount {
  readonly name: string;
  /** What is in the database now. */
  readonly count: number;
  /** A registered batch: the count its registry entry records (more than `count` when its run was cut short). */
  readonly registered?: number;
}

/** A selection resolved into what it matches now, per collection in write order (parents first). */
export interface CleanupPlan {
  readonly selection: Selection;
  readonly description: string;
  readonly counts: readonly CollectionCount[];
  /** The filter per collection of an id or last-n selection (the target collection and its children only). */
  readonly filters?: Readonly<Record<string, Filter<Document>>>;
  /**
   * A batch selection whose marker no registry entry knows: the documents carrying it, which
   * nothing proves this tool wrote. Shown as such, removed by marker only when confirmed.
   */
  readonly unproven?: boolean;
  /** The migrate-mongo changelog a batch was applied through (its registry entry's owner), if any. */
  readonly changelog?: string | undefined;
  /**
   * Marked documents an id or last-n selection cannot count as seeded (a non-numeric id, or
   * an id outside every registered batch's range): never selected, reported.
   */
  readonly excluded?: readonly CollectionCount[];
  /** A batch selection: whether the registry (or a scan for its marker) knows the batch at all. */
  readonly known?: boolean;
}

export function totalOf(plan: Pick<CleanupPlan, 'counts'>): number {
  return plan.counts.reduce((sum, c) => sum + c.count, 0);
}

const MAX_ID = 2 ** 53 - 1;

/** "100-250" (or a single id "100"), both ends included. */
/** `noun`: one document of the target collection, as messages name it ("call"). */
export function parseIdRange(text: string, name: string, noun: string): { from: number; to: number } {
  const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
  const from = Number(match?.[1]);
  const to = Number(match?.[2] ?? match?.[1]);
  if (!match || !Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 1 || from > to) {
    throw new ConfigError(
      `${name} must be a ${noun} id range <from>-<to> such as 1001-1500, from <= to (got "${text}")`,
      { code: 'BAD_INPUT' },
    );
  }
  return { from, to };
}

export function parseCount(text: string, name: string, nouns: string): number {
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new ConfigError(`${name} must be a whole number of ${nouns}, 1 or more (got "${text}")`, {
      code: 'BAD_INPUT',
    });
  }
  return n;
}

/**
 * Resolves a selection. A batch is looked up in the batch registry (any dataset, no scan);
 * a marker it does not know (an entry lost, documents of another tool or of the app) is
 * counted by a scan and shown as unproven: removing it is the operator's explicit choice.
 * Ids and last-n count, in their target collection, only what is provably seeded: a document
 * that is a registered batch's own (its marker, its run, inside its recorded id range), and
 * the children of those documents that are their own batch's. A marked document that fits no
 * batch (a string id, a copy, a foreign document given a marker) is reported, never swept up.
 */
export async function planCleanup(db: Db, selection: Selection): Promise<CleanupPlan> {
  switch (selection.kind) {
    case 'batch':
      return batchPlan(db, selection);
    case 'ids':
      return idPlan(
        db,
        selection,
        `seeded ${selection.target.collection} with ids ${selection.from}..${selection.to}`,
        selection.from,
        selection.to,
      );
    case 'last': {
      // The n-th highest seeded id is the threshold; everything seeded from there up is "the newest n".
      const { collection } = selection.target;
      const seeded = await seededRanges(db, targetCollections(selection.target));
      const [nth] = await db
        .collection(collection)
        .find(seeded.get(collection)!, { projection: { _id: 0, id: 1 } })
        .sort({ id: -1 })
        .skip(selection.count - 1)
        .limit(1)
        .toArray();
      const from = typeof nth?.['id'] === 'number' ? nth['id'] : 1;
      return idPlan(
        db,
        selection,
        `the newest ${selection.count} seeded ${collection} (ids ${from} and up)`,
        from,
        MAX_ID,
        seeded,
      );
    }
  }
}

/** Per collection, the filter of every registered batch's own documents. */
type Ranges = ReadonlyMap<string, Filter<Document>>;

function targetCollections(target: IdTarget): string[] {
  return [target.collection, ...target.children.map((c) => c.collection)];
}

/** Matches nothing: what a collection no batch wrote to gets ($or may not be empty). */
const NOTHING = { [BATCH_FIELD]: { $in: [] } };

/** Per collection, the filter of every registered batch's own documents (proven, not inferred from markers). */
async function seededRanges(db: Db, collections: readonly string[]): Promise<Ranges> {
  const entries = (await listBatches(db)).filter((e) => !e.legacy);
  const rangesOf = (name: string): Filter<Document> => {
    const ranges = entries.flatMap((e) =>
      e.collections
        // A counter collection's range is numbers, an objectId one's ObjectIds (a child of the target).
        .filter((c) => c.name === name && c.first !== undefined && c.last !== undefined)
        .map((c) => ownDocuments(proofOf(e), c)),
    );
    return ranges.length === 0 ? NOTHING : { $or: ranges };
  };
  return new Map(collections.map((name) => [name, rangesOf(name)]));
}

/**
 * A batch as it is now: for a registered batch, its own documents in the database beside the
 * counts its registry entry records (an interrupted run, or documents deleted by hand, leave
 * fewer than registered); for a marker the registry does not know, the documents carrying it
 * in any collection (unproven). `present: false` reads the registry only (the check under the
 * lock that the batch is still the one shown: a new run of it registers anew).
 */
export async function batchPlan(
  db: Db,
  selection: Extract<Selection, { kind: 'batch' }>,
  { present = true }: { readonly present?: boolean } = {},
): Promise<CleanupPlan> {
  const entry = await findBatch(db, selection.batch);
  if (entry) {
    const counts = await Promise.all(
      entry.collections.map(async (c) => ({
        name: c.name,
        count: present
          ? await db.collection(c.name).countDocuments(ownDocuments(proofOf(entry), c))
          : c.count,
        registered: c.count,
      })),
    );
    const inferred = entry.legacy
      ? " (inferred from its markers by an earlier version: not proven to be this tool's)"
      : '';
    const changelog = entry.owner?.startsWith('changelog:')
      ? entry.owner.slice('changelog:'.length)
      : undefined;
    return {
      selection,
      description: `batch "${selection.batch}"${inferred}`,
      counts,
      known: true,
      changelog,
    };
  }
  const found = await countMarked(db, selection.batch, await dataCollections(db));
  if (Object.keys(found).length === 0)
    return { selection, description: `batch "${selection.batch}"`, counts: [], known: false };
  return {
    selection,
    description: `documents carrying the marker "${selection.batch}" (no batch of this tool registered them: not proven to be its)`,
    counts: Object.entries(found).map(([name, count]) => ({ name, count })),
    known: true,
    unproven: true,
  };
}

async function idPlan(
  db: Db,
  selection: Extract<Selection, { kind: 'ids' | 'last' }>,
  description: string,
  from: number,
  to: number,
  known?: Ranges,
): Promise<CleanupPlan> {
  const { target } = selection;
  const seeded = known ?? (await seededRanges(db, targetCollections(target)));
  const own = (name: string): Filter<Document> => seeded.get(name) ?? NOTHING;
  // The ranges sit in $and: deleteAll may add its own top-level `id` condition to split a delete.
  const filters: Record<string, Filter<Document>> = {
    [target.collection]: { $and: [own(target.collection), { id: { $gte: from, $lte: to } }] },
  };
  for (const child of target.children) {
    filters[child.collection] = {
      $and: [own(child.collection), { [child.parentField]: { $gte: from, $lte: to } }],
    };
  }
  const counts = await countFiltered(db, filters);
  const excluded = (
    await countFiltered(db, {
      [target.collection]: { [BATCH_FIELD]: { $exists: true }, $nor: [own(target.collection)] },
    })
  ).filter((c) => c.count > 0);
  return { selection, description, counts, filters, excluded };
}

export async function countFiltered(
  db: Db,
  filters: Readonly<Record<string, Filter<Document>>>,
): Promise<CollectionCount[]> {
  return Promise.all(
    Object.entries(filters).map(async ([name, filter]) => ({
      name,
      count: await db.collection(name).countDocuments(filter),
    })),
  );
}
