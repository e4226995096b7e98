import type { Db, Document, Filter } from 'mongodb';
import { metadataCount } from '../write/connection/server-quirks';
import type { CollectionProfile } from './profile';
import type { ScaffoldLive } from './runtime';

/** A path found pointing at another collection's ids. */
export interface FoundReference {
  readonly collection: string;
  readonly idField: 'id' | '_id';
  /** Share of the probed values found there. */
  readonly hits: number;
  /** Documents in that collection (metadata): the smallest collection holding the values is the likeliest. */
  readonly size: number;
}

/** A share of the probed values at least this high makes a reference. */
export const REFERENCE_HITS = 0.95;
/** A number field whose name does not name the collection needs this many distinct values probed. */
const MIN_ANONYMOUS_PROBES = 10;
/** Numbers are probed only in fields named like references: `owner_id`, `accountId`, `parent_ref`. */
const REFERENCE_NAME = /(_id|Id|ID|_ref|Ref)$/;

const keyOf = (path: string): string => path.replace(/\[\]/g, '').split('.').pop() ?? path;
const normalised = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const singular = (s: string): string =>
  s
    .replace(/ies$/, 'y')
    .replace(/(ses|xes)$/, (m) => m.slice(0, -2))
    .replace(/s$/, '');

/** Whether a field's name names the collection: `account_id` -> accounts, `companyId` -> companies. */
function namesCollection(path: string, collection: string): boolean {
  const stem = normalised(keyOf(path).replace(REFERENCE_NAME, ''));
  return stem !== '' && (normalised(singular(collection)) === stem || normalised(collection) === stem);
}

const textOf = (v: unknown): string | undefined => {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : undefined;
  const hex = (v as { toHexString?: unknown } | null)?.toHexString;
  return typeof hex === 'function' ? String((hex as () => string).call(v)) : undefined;
};

/**
 * The paths of a profile whose values are ids of another collection of the database: the
 * first 200 distinct integers or ObjectIds of each candidate path are looked up in every other
 * collection's `_id` and `id`, one query per collection (on FerretDB every such query is a
 * scan: one per collection, not one per field). At least 95% found makes a reference; where
 * several collections qualify, the one the field's name names wins, then the higher share,
 * then the name.
 */
export async function findReferences(
  db: Db,
  collection: string,
  profile: CollectionProfile,
  options: { readonly skip: ReadonlySet<string>; readonly exclude: ReadonlySet<string> },
): Promise<Map<string, FoundReference>> {
  const candidates = [...profile.paths.values()].filter((p) => {
    if (options.skip.has(p.path.split(/[.[]/)[0]!) || p.probes.size < 2) return false;
    const objectIds = (p.types.objectId ?? 0) > 0;
    return objectIds || REFERENCE_NAME.test(keyOf(p.path));
  });
  const found = new Map<string, FoundReference>();
  if (candidates.length === 0) return found;
  const probes = [...new Map(candidates.flatMap((p) => [...p.probes])).values()];
  const targets = (await db.listCollections({}, { nameOnly: true }).toArray())
    .map((c) => c.name)
    .filter((name) => name !== collection && !name.startsWith('system.') && !options.exclude.has(name))
    .sort();
  for (const target of targets) {
    const ids = { id: new Set<string>(), _id: new Set<string>() };
    const cursor = db
      .collection(target)
      .find({ $or: [{ _id: { $in: probes } }, { id: { $in: probes } }] } as Filter<Document>, {
        projection: { _id: 1, id: 1 },
      });
    for await (const doc of cursor) {
      const a = textOf(doc['_id']);
      const b = textOf(doc['id']);
      if (a !== undefined) ids._id.add(a);
      if (b !== undefined) ids.id.add(b);
    }
    const size = await metadataCount(db, target);
    for (const p of candidates) {
      for (const idField of ['id', '_id'] as const) {
        let hits = 0;
        for (const key of p.probes.keys()) if (ids[idField].has(key)) hits++;
        const share = hits / p.probes.size;
        if (share < REFERENCE_HITS) continue;
        const objectIds = (p.types.objectId ?? 0) > 0;
        if (!namesCollection(p.path, target) && !objectIds && p.probes.size < MIN_ANONYMOUS_PROBES) continue;
        const best = found.get(p.path);
        const candidate = { collection: target, idField, hits: share, size };
        if (best === undefined || better(candidate, best, p.path)) found.set(p.path, candidate);
      }
    }
  }
  return found;
}

/**
 * Which of two collections holding a path's values it points at: the one its name names,
 * then the smaller one (values drawn from 40 users fall within the ids of 3,000 contacts too,
 * but 3,000 contacts would have given larger ones), then the higher share, then the name.
 */
function better(a: FoundReference, b: FoundReference, path: string): boolean {
  const aNamed = namesCollection(path, a.collection);
  const bNamed = namesCollection(path, b.collection);
  if (aNamed !== bNamed) return aNamed;
  if (a.size !== b.size) return a.size < b.size;
  if (a.hits !== b.hits) return a.hits > b.hits;
  return a.collection < b.collection;
}

/** Fields that say a record is gone (`deleted: true` or 1) or still there (`active: false` or 0 is gone). */
const GONE = /^(deleted|isdeleted|archived|isarchived|removed|isremoved|trashed)$/;
const THERE = /^(active|isactive|enabled|isenabled)$/;

/** Which records of a collection are live, told by its field names (the CRM's `deleted`, `archived`, `active`). */
export function liveRuleOf(profile: CollectionProfile): ScaffoldLive | undefined {
  for (const p of profile.paths.values()) {
    if (p.path.includes('.') || p.path.includes('[')) continue;
    const key = normalised(p.path);
    if (GONE.test(key)) return { field: p.path, notLive: [true, 1] };
    if (THERE.test(key)) return { field: p.path, notLive: [false, 0] };
  }
  return undefined;
}
