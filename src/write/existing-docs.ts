import type { Db, Document } from 'mongodb';
import type { ExistingDoc, LinkSource } from '../generate/dataset';
import { isDeleted, readId } from '../schema/stored-values';

/**
 * Loads, once per run, the live, well-formed documents a dataset may link to: an `id` that is
 * a positive integer JavaScript holds exactly (a double, Int32 or Long; handed on as a number),
 * the tenant's when a tenant is given, `deleted` absent or 0, false, "0" (src/schema/
 * stored-values.ts); only `id` and the named fields, ordered by id so that a run stays
 * deterministic for the same data. Entities are only read.
 *
 * The server narrows the read to numeric ids of the tenant; the rest is decided here, after a
 * projected read, because "an integer" and "not deleted in any of the app's spellings" need
 * $expr or several type-bracketed clauses, which FerretDB 1.x does not all support.
 */
export async function loadExisting(
  db: Db,
  sources: readonly LinkSource[],
): Promise<Map<string, readonly ExistingDoc[]>> {
  // The first source of a collection wins, as listed; the reads are independent, side by side.
  const distinct = sources.filter((s, i) => sources.findIndex((o) => o.collection === s.collection) === i);
  const reads = distinct.map(async (source) => {
    const filter = {
      id: { $type: 'number' },
      ...(source.tenantId !== undefined ? { tenant_id: source.tenantId } : {}),
    };
    const fields = source.fields ?? [];
    const projection: Record<string, 0 | 1> = { _id: 0, id: 1, deleted: 1 };
    for (const field of fields) projection[field] = 1;
    const docs = await db
      .collection(source.collection)
      .find(filter, { projection })
      .sort({ id: 1 })
      .toArray();
    return [source.collection, linkable(docs, fields.includes('deleted'))] as const;
  });
  return new Map(await Promise.all(reads));
}

/** The documents a call may point at, each with its id as a plain number. */
function linkable(docs: readonly Document[], keepDeleted: boolean): ExistingDoc[] {
  const out: ExistingDoc[] = [];
  for (const doc of docs) {
    const id = readId(doc['id']);
    if (id.kind !== 'id' || isDeleted(doc['deleted'])) continue;
    const { deleted, ...rest } = doc;
    out.push({ ...(keepDeleted ? { ...rest, deleted: deleted as unknown } : rest), id: id.id });
  }
  return out;
}
