import type { Db, Document } from 'mongodb';
import { BATCH_FIELD } from '../schema/marker';
import type { CounterConfig } from '../write/ids/id-blocks';
import { refuseInexactId } from './exact-ids';
import { IdIndexBuilder, TextHashSet } from './id-index';
import type { IdIndex } from './id-index';
import { collector } from './problem-collector';
import type { UniqueValueSets } from './unique-values';
import type { Problem, VerifiedCollection } from './verify-types';

/** Batch markers numbered in the order met: the id indexes hold a small number per document, not the marker. */
export class BatchNumbers {
  readonly names: string[] = [];
  private readonly numbers = new Map<string, number>();

  of(marker: string): number {
    let no = this.numbers.get(marker);
    if (no === undefined) {
      this.numbers.set(marker, (no = this.names.length));
      this.names.push(marker);
    }
    return no;
  }
}

/** What the scans of one verify run share; collections are read one after another, parents first. */
export interface ScanRun {
  readonly db: Db;
  readonly counter: CounterConfig;
  readonly keep: number;
  readonly batches: BatchNumbers;
  /** "batch\0collection" -> seeded documents, for the registry check. */
  readonly counts: Map<string, number>;
  /** Each collection's seeded ids with their batch, which its children's scan marks. */
  readonly indexes: Map<string, IdIndex>;
  /** Called once per document read. */
  readonly progress: () => void;
}

/** One collection's single read, with what its checks need. */
export interface Scan {
  readonly seeded: number;
  readonly index: IdIndex;
  readonly appIndex: IdIndex;
  readonly invalid: Problem;
  readonly orphans: Problem;
  readonly uniques: ReadonlyMap<string, UniqueValueSets>;
  readonly parentIndex: IdIndex | undefined;
}

/**
 * Reads every document of the collection once: whole where a schema applies, else by
 * projection. Registers the collection's seeded ids in `run.indexes` for its children.
 */
export async function scanCollection(run: ScanRun, c: VerifiedCollection): Promise<Scan> {
  const invalid = collector(run.keep);
  const orphans = collector(run.keep);
  const ids = new IdIndexBuilder(); // seeded ids with their batch
  const appIds = new IdIndexBuilder(); // the app's ids, for duplicates involving a seeded one
  const uniques = new Map(
    (c.unique ?? []).map((f) => [f, { seeded: new TextHashSet(), app: new TextHashSet() }]),
  );
  const parentIndex = c.parent ? run.indexes.get(c.parent.collection) : undefined;
  const projection = c.schema ? undefined : projectionOf(c);
  let n = 0;
  for await (const doc of run.db.collection(c.name).find({}, projection ? { projection } : {})) {
    run.progress();
    if (c.ids !== 'objectId') refuseInexactId(c.name, 'id', doc['id']);
    const raw: unknown = doc[BATCH_FIELD];
    if (raw === undefined) {
      appIds.add(doc['id'], 0);
      for (const [field, sets] of uniques) sets.app.add(doc[field]);
      continue;
    }
    n++;
    const marker = typeof raw === 'string' ? raw : JSON.stringify(raw);
    const no = run.batches.of(marker);
    const key = `${marker}\u0000${c.name}`;
    run.counts.set(key, (run.counts.get(key) ?? 0) + 1);
    if (c.ids !== 'objectId') ids.add(doc['id'], no);
    for (const [field, sets] of uniques) sets.seeded.add(doc[field]);
    const issues = c.schema ? schemaIssues(c.schema, doc) : undefined;
    if (issues !== undefined) invalid.add(`${c.name} ${describe(doc)} of batch ${marker}: ${issues}`);
    if (c.parent) refuseInexactId(c.name, c.parent.field, doc[c.parent.field]);
    if (c.parent && parentIndex && !parentIndex.mark(doc[c.parent.field], no)) {
      orphans.add(
        `${c.name} ${describe(doc)} points at ${c.parent.collection} ${JSON.stringify(doc[c.parent.field])}, which is not in batch ${marker}`,
      );
    }
  }
  const index = ids.build();
  run.indexes.set(c.name, index);
  return {
    seeded: n,
    index,
    appIndex: appIds.build(),
    invalid: invalid.result(),
    orphans: orphans.result(),
    uniques,
    parentIndex,
  };
}

/** Without a schema only the fields the checks read: ids, the marker, the parent link, unique fields. */
function projectionOf(c: VerifiedCollection): Document {
  return {
    _id: 0,
    id: 1,
    [BATCH_FIELD]: 1,
    ...(c.parent ? { [c.parent.field]: 1 } : {}),
    ...Object.fromEntries((c.unique ?? []).map((f) => [f, 1])),
  };
}

/** The schema's complaints about a document on one line, or undefined when it passes. */
function schemaIssues(schema: NonNullable<VerifiedCollection['schema']>, doc: Document): string | undefined {
  const { _id: _ignored, ...fields } = doc;
  const parsed = schema.safeParse(fields);
  if (parsed.success) return undefined;
  return parsed.error.issues.map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`).join('; ');
}

function describe(doc: Document): string {
  return doc['id'] !== undefined ? `id ${JSON.stringify(doc['id'])}` : `_id ${String(doc['_id'])}`;
}
