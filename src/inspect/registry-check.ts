import type { Db } from 'mongodb';
import { listBatches } from '../write/registry/batch-registry';
import type { BatchEntry } from '../write/registry/batch-registry';
import { collector } from './problem-collector';
import type { Problem, VerifiedCollection } from './verify-types';

export async function registryEntries(db: Db): Promise<BatchEntry[]> {
  return listBatches(db);
}

/** The given collections plus any other a registered batch wrote, parents before children. */
export function withRegistered(
  given: readonly VerifiedCollection[],
  entries: readonly BatchEntry[],
): VerifiedCollection[] {
  const all = [...given];
  for (const entry of entries) {
    for (const c of entry.collections)
      if (!all.some((x) => x.name === c.name)) all.push({ name: c.name, ids: c.ids });
  }
  return all;
}

/** Each registered batch's count per collection against the documents found ("batch\0collection" keys). */
export function registryMismatch(
  entries: readonly BatchEntry[],
  counts: ReadonlyMap<string, number>,
  collections: readonly VerifiedCollection[],
  keep: number,
): Problem {
  const found = collector(keep);
  const registered = new Set<string>();
  for (const entry of entries) {
    for (const c of entry.collections) {
      const key = `${entry._id}\u0000${c.name}`;
      registered.add(key);
      const actual = counts.get(key) ?? 0;
      // A batch still being written (or interrupted) holds fewer documents than it will.
      if (actual !== c.count && !(entry.state === 'writing' && actual < c.count)) {
        found.add(`batch ${entry._id}: ${c.name} holds ${actual} documents, the registry says ${c.count}`);
      }
    }
  }
  for (const [key, n] of counts) {
    if (registered.has(key)) continue;
    const [batch, name] = key.split('\u0000');
    if (collections.some((c) => c.name === name))
      found.add(`batch ${batch ?? ''}: ${n} ${name ?? ''} documents are not in the registry`);
  }
  return found.result();
}
