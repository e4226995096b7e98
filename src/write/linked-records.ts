import type { Db, Document } from 'mongodb';
import type { ExistingDoc, NamedLink } from '../dataset/contract';
import { readId } from '../schema/stored-values';

/**
 * Loads, once per run, the live records each link of a dataset may point at: the tenant's
 * (`tenantField` = `tenant`) when the link names one, matching its `filter`, with a usable id
 * (`id`: a positive integer JavaScript holds exactly, however the app stored it; `_id`: any
 * value), and live by the link's own rule; only the id and the link's `fields` are read,
 * ordered by id so that a run stays deterministic for the same data. Records are only read.
 *
 * The server narrows the read to the tenant and the filter; liveness is decided here, after a
 * projected read, because a rule such as "deleted in none of the app's spellings" needs $expr
 * or several type-bracketed clauses, which FerretDB 1.x does not all support.
 */
export async function loadLinkedRecords(
  db: Db,
  links: readonly NamedLink[],
): Promise<Map<string, readonly ExistingDoc<unknown>[]>> {
  // Independent reads, side by side.
  const reads = links.map(async (link) => {
    const idField = link.idField ?? 'id';
    const filter: Document = {
      ...(link.filter ?? {}),
      ...(idField === 'id' ? { id: { $type: 'number' } } : {}),
      ...(link.tenantField !== undefined ? { [link.tenantField]: link.tenant } : {}),
    };
    const fields = link.fields ?? [];
    const projection: Record<string, 0 | 1> = idField === 'id' ? { _id: 0, id: 1 } : { _id: 1 };
    for (const field of fields) projection[field] = 1;
    if (link.live) projection[link.live.field] = 1;
    const docs = await db
      .collection(link.collection)
      .find(filter, { projection })
      .sort({ [idField]: 1 })
      .toArray();
    return [link.name, liveRecords(docs, link)] as const;
  });
  return new Map(await Promise.all(reads));
}

/** The records a document may point at: the id as links hold it, the fields asked for, live ones only. */
function liveRecords(docs: readonly Document[], link: NamedLink): ExistingDoc<unknown>[] {
  const idField = link.idField ?? 'id';
  const out: ExistingDoc<unknown>[] = [];
  for (const doc of docs) {
    let id: unknown = doc['_id'];
    if (idField === 'id') {
      const read = readId(doc['id']);
      if (read.kind !== 'id') continue;
      id = read.id;
    }
    if (id === undefined || id === null) continue;
    if (link.live && !link.live.test(doc[link.live.field])) continue;
    const record: Record<string, unknown> = {};
    for (const field of link.fields ?? []) if (field in doc) record[field] = doc[field];
    record['id'] = id;
    out.push(record as ExistingDoc<unknown>);
  }
  return out;
}
