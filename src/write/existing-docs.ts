import type { Db } from 'mongodb';
import type { ExistingDoc, LinkSource } from '../generate/dataset';

/**
 * Loads, once per run, the live documents a dataset may link to: integer `id`, the tenant's
 * when a tenant is given, not `deleted: 1`; only `id` and the named fields, ordered by id so
 * that a run stays deterministic for the same data. Entities are only read.
 */
export async function loadExisting(
  db: Db,
  sources: readonly LinkSource[],
): Promise<Map<string, readonly ExistingDoc[]>> {
  const loaded = new Map<string, readonly ExistingDoc[]>();
  for (const source of sources) {
    if (loaded.has(source.collection)) continue;
    const filter = {
      id: { $type: 'number' },
      deleted: { $ne: 1 },
      ...(source.tenantId !== undefined ? { tenant_id: source.tenantId } : {}),
    };
    const projection: Record<string, 0 | 1> = { _id: 0, id: 1 };
    for (const field of source.fields ?? []) projection[field] = 1;
    const docs = await db
      .collection(source.collection)
      .find(filter, { projection })
      .sort({ id: 1 })
      .toArray();
    loaded.set(source.collection, docs as unknown as ExistingDoc[]);
  }
  return loaded;
}
