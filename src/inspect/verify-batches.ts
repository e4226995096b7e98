import type { Db } from 'mongodb';
import type { BuiltDataset } from '../dataset/contract';
import { metadataCount } from '../write/connection/server-quirks';
import { collectionChecks } from './collection-checks';
import { BatchNumbers, scanCollection } from './collection-scan';
import type { ScanRun } from './collection-scan';
import { registryEntries, registryMismatch, withRegistered } from './registry-check';
import type { Check, VerifiedCollection, Verification, VerifyOptions } from './verify-types';

export type { Check, Problem, VerifiedCollection, Verification, VerifyOptions } from './verify-types';

/** What verify checks of a dataset's collections: their schemas, parent links and unique fields. */
export function verifiedCollections(spec: BuiltDataset): VerifiedCollection[] {
  return spec.collections.map((c) => ({
    name: c.name,
    schema: c.schema,
    ids: c.ids,
    unique: c.unique,
    parent:
      c.per && c.parentField ? { collection: c.per, field: c.parentField, perParent: c.count } : undefined,
  }));
}

/**
 * Reads every document of each collection once (whole where a schema applies, else by
 * projection), keeping a few bytes per document in sorted typed arrays; no $lookup and no
 * query per document, since on FerretDB every query is a full scan. Checks: the schema,
 * unique ids (and unique fields) wherever a seeded document is involved, children pointing
 * at a parent of their batch and parents with their children, counters ahead of the ids,
 * and the batch registry agreeing with the documents.
 */
export async function verifyBatches(db: Db, options: VerifyOptions): Promise<Verification> {
  const keep = options.examples ?? 5;
  const entries = await registryEntries(db);
  const collections = withRegistered(options.collections, entries);
  const total = (await Promise.all(collections.map((c) => metadataCount(db, c.name)))).reduce(
    (a, b) => a + b,
    0,
  );
  let done = 0;
  const run: ScanRun = {
    db,
    counter: options.counter,
    keep,
    batches: new BatchNumbers(),
    counts: new Map(),
    indexes: new Map(),
    progress: () => options.onProgress?.(++done, total),
  };
  const checks: Check[] = [];
  const seeded: Record<string, number> = {};
  for (const c of collections) {
    const scan = await scanCollection(run, c);
    seeded[c.name] = scan.seeded;
    checks.push(...(await collectionChecks(run, c, scan)));
  }
  checks.push({
    name: 'the batch registry matches the documents',
    problem: registryMismatch(entries, run.counts, collections, keep),
  });
  return {
    ok: checks.every((c) => c.problem.count === 0),
    checks,
    seeded,
    batches: run.batches.names.length,
  };
}
