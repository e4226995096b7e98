import type { Db, Document } from 'mongodb';
import type { ZodType } from 'zod';
import type { DatasetSpec } from '../generate/dataset';
import { BATCH_FIELD } from '../schema/marker';
import { listBatches } from '../write/batch-registry';
import type { BatchEntry } from '../write/batch-registry';
import type { CounterConfig } from '../write/id-blocks';
import { metadataCount } from '../write/server-quirks';
import { readId } from '../schema/stored-values';
import { refuseInexactId } from './exact-ids';
import { IdIndexBuilder, TextHashSet } from './id-index';
import type { IdIndex } from './id-index';

/** What verify knows of one collection: from a dataset (its schema, its parent) or just from the registry. */
export interface VerifiedCollection {
  readonly name: string;
  readonly schema?: ZodType | undefined;
  /** A child collection: the field holding its parent's id, and how many children each parent has. */
  readonly parent?:
    { readonly collection: string; readonly field: string; readonly perParent: number } | undefined;
  /** Fields whose values must be unique wherever a seeded document is involved (calls' ukey). */
  readonly unique?: readonly string[] | undefined;
  /** Integer ids from the app's counter (the default), or ObjectIds. */
  readonly ids?: 'counter' | 'objectId' | undefined;
}

/** What verify checks of a dataset's collections: their schemas, parent links and unique fields. */
export function verifiedCollections(spec: DatasetSpec): VerifiedCollection[] {
  return spec.collections.map((c) => ({
    name: c.name,
    schema: c.schema,
    ids: c.ids,
    unique: c.unique,
    parent:
      c.per && c.parentField ? { collection: c.per, field: c.parentField, perParent: c.count } : undefined,
  }));
}

export interface Problem {
  readonly count: number;
  /** A few, one line each: the lowest in text order (numbers by value), so the same on every server. */
  readonly examples: string[];
}

export interface Check {
  /** What was checked, e.g. "calls: seeded documents pass the schema". */
  readonly name: string;
  readonly problem: Problem;
}

export interface Verification {
  readonly ok: boolean;
  readonly checks: Check[];
  /** Seeded documents read, per collection. */
  readonly seeded: Readonly<Record<string, number>>;
  readonly batches: number;
}

export interface VerifyOptions {
  /** Collections with what is known of them; every collection a registered batch wrote is added. */
  readonly collections: readonly VerifiedCollection[];
  readonly counter: CounterConfig;
  readonly examples?: number;
  /** Documents read so far, out of the collections' estimated total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Candidate duplicates of a unique field looked up one by one; beyond that they are counted only. */
const UNIQUE_LOOKUPS = 1000;

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
  const progress = (): void => options.onProgress?.(++done, total);

  const batchNos = new Map<string, number>();
  const batchNames: string[] = [];
  const batchNo = (marker: string): number => {
    const name = marker;
    let no = batchNos.get(name);
    if (no === undefined) {
      batchNos.set(name, (no = batchNames.length));
      batchNames.push(name);
    }
    return no;
  };
  const checks: Check[] = [];
  const seeded: Record<string, number> = {};
  const counts = new Map<string, number>(); // "batch\0collection" -> documents
  const indexes = new Map<string, IdIndex>();

  for (const c of collections) {
    const invalid = collector(keep);
    const orphans = collector(keep);
    const ids = new IdIndexBuilder(); // seeded ids with their batch
    const appIds = new IdIndexBuilder(); // the app's ids, for duplicates involving a seeded one
    const uniques = new Map(
      (c.unique ?? []).map((f) => [f, { seeded: new TextHashSet(), app: new TextHashSet() }]),
    );
    const parentIndex = c.parent ? indexes.get(c.parent.collection) : undefined;
    const projection = c.schema
      ? undefined
      : {
          _id: 0,
          id: 1,
          [BATCH_FIELD]: 1,
          ...(c.parent ? { [c.parent.field]: 1 } : {}),
          ...Object.fromEntries((c.unique ?? []).map((f) => [f, 1])),
        };
    let n = 0;
    for await (const doc of db.collection(c.name).find({}, projection ? { projection } : {})) {
      progress();
      if (c.ids !== 'objectId') refuseInexactId(c.name, 'id', doc['id']);
      const raw: unknown = doc[BATCH_FIELD];
      if (raw === undefined) {
        appIds.add(doc['id'], 0);
        for (const [field, sets] of uniques) sets.app.add(doc[field]);
        continue;
      }
      n++;
      const marker = typeof raw === 'string' ? raw : JSON.stringify(raw);
      const no = batchNo(marker);
      const key = `${marker}\u0000${c.name}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (c.ids !== 'objectId') ids.add(doc['id'], no);
      for (const [field, sets] of uniques) sets.seeded.add(doc[field]);
      if (c.schema) {
        const { _id: _ignored, ...fields } = doc;
        const parsed = c.schema.safeParse(fields);
        if (!parsed.success) {
          const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`);
          invalid.add(`${c.name} ${describe(doc)} of batch ${marker}: ${issues.join('; ')}`);
        }
      }
      if (c.parent) refuseInexactId(c.name, c.parent.field, doc[c.parent.field]);
      if (c.parent && parentIndex && !parentIndex.mark(doc[c.parent.field], no)) {
        orphans.add(
          `${c.name} ${describe(doc)} points at ${c.parent.collection} ${JSON.stringify(doc[c.parent.field])}, which is not in batch ${marker}`,
        );
      }
    }
    seeded[c.name] = n;
    const index = ids.build();
    const appIndex = appIds.build();
    indexes.set(c.name, index);
    if (c.schema)
      checks.push({ name: `${c.name}: seeded documents pass the schema`, problem: invalid.result() });
    if (c.ids !== 'objectId')
      checks.push({
        name: `${c.name}: ids are unique`,
        problem: duplicateIds(c.name, index, appIndex, batchNames, keep),
      });
    for (const [field, sets] of uniques) {
      checks.push({
        name: `${c.name}: ${field} values are unique`,
        problem: await duplicateValues(db, c.name, field, sets, keep),
      });
    }
    if (c.parent) {
      checks.push({
        name: `${c.name}: every document belongs to a ${c.parent.collection} document of its batch`,
        problem: orphans.result(),
      });
      if (parentIndex)
        checks.push({
          name: `${c.parent.collection}: every document has its ${c.parent.perParent} ${c.name}`,
          problem: childless(c, parentIndex, batchNames, keep),
        });
    }
    if (c.ids !== 'objectId')
      checks.push({
        name: `${c.name}: the app's counter is ahead of the ids`,
        problem: await counterLag(
          db,
          options.counter,
          c.name,
          Math.max(index.highestId(), appIndex.highestId()),
        ),
      });
  }
  checks.push({
    name: 'the batch registry matches the documents',
    problem: registryMismatch(entries, counts, collections, keep),
  });
  return { ok: checks.every((c) => c.problem.count === 0), checks, seeded, batches: batchNames.length };
}

async function registryEntries(db: Db): Promise<BatchEntry[]> {
  return listBatches(db);
}

/** The given collections plus any other a registered batch wrote, parents before children. */
function withRegistered(
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

function registryMismatch(
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

function duplicateIds(
  name: string,
  seeded: IdIndex,
  app: IdIndex,
  batchNames: readonly string[],
  keep: number,
): Problem {
  const found = collector(keep);
  const reported = new Set<number>();
  for (const { id } of seeded.duplicates()) reported.add(id);
  for (const { id } of app.entries()) if (seeded.batchesOf(id).length > 0) reported.add(id);
  for (const id of [...reported].sort((a, b) => a - b)) {
    const holders = [
      ...seeded.batchesOf(id).map((b) => `batch ${batchNames[b] ?? '?'}`),
      ...app.batchesOf(id).map(() => 'unmarked'),
    ].sort();
    found.add(`${name}.id ${id} is held by ${holders.length} documents (${holders.join(', ')})`);
  }
  return found.result();
}

function childless(
  c: VerifiedCollection,
  parents: IdIndex,
  batchNames: readonly string[],
  keep: number,
): Problem {
  const found = collector(keep);
  const per = c.parent!.perParent;
  for (const { id, batchNo, marks } of parents.markedOtherThan(per)) {
    found.add(
      `${c.parent!.collection} ${id} of batch ${batchNames[batchNo] ?? '?'} has ${marks} ${c.name}, not ${per}`,
    );
  }
  return found.result();
}

/**
 * Values of a unique field, by hash: a hash seen twice among seeded documents, or among both
 * seeded and app documents, makes one $group over the collection confirm the real duplicates
 * (only then: normally no extra pass), each described by who holds it.
 */
async function duplicateValues(
  db: Db,
  name: string,
  field: string,
  sets: { seeded: TextHashSet; app: TextHashSet },
  keep: number,
): Promise<Problem> {
  const found = collector(keep);
  sets.seeded.seal();
  sets.app.seal();
  if (!sets.seeded.hasRepeats() && !sets.seeded.intersects(sets.app)) return found.result();
  const collection = db.collection(name);
  const rows = await collection
    .aggregate<{ _id: unknown; n: number }>([
      { $group: { _id: `$${field}`, n: { $sum: 1 } } },
      { $match: { n: { $gt: 1 } } },
    ])
    .toArray();
  const values = rows
    .map((r) => r._id)
    .filter((v): v is string => typeof v === 'string' && sets.seeded.has(v));
  for (const value of values.sort().slice(0, UNIQUE_LOOKUPS)) {
    const holders = await collection
      .find({ [field]: value }, { projection: { _id: 0, [BATCH_FIELD]: 1 } })
      .toArray();
    const who = holders
      .map((h) => (h[BATCH_FIELD] === undefined ? 'unmarked' : `batch ${String(h[BATCH_FIELD])}`))
      .sort();
    found.add(
      `${name}.${field} ${JSON.stringify(value)} is held by ${holders.length} documents (${who.join(', ')})`,
    );
  }
  if (values.length > UNIQUE_LOOKUPS)
    found.add(`... ${values.length - UNIQUE_LOOKUPS} more ${field} duplicates not examined`);
  return found.result();
}

/** The app's get_next_id must hand out ids above every existing one. */
async function counterLag(
  db: Db,
  counter: CounterConfig,
  sequence: string,
  highestId: number,
): Promise<Problem> {
  if (highestId === 0) return { count: 0, examples: [] };
  const doc = await db.collection(counter.collection).findOne({ [counter.keyField]: sequence });
  const where = `${counter.collection}.${sequence}`;
  if (!doc)
    return {
      count: 1,
      examples: [`counter ${where} is missing while "${sequence}" holds ids up to ${highestId}`],
    };
  const raw: unknown = doc[counter.seqField];
  refuseInexactId(counter.collection, counter.seqField, raw);
  // Read as ids are (a Long counter is as good as a double one); 0 is a counter nothing was handed out from.
  const reading = readId(raw);
  const seq = reading.kind === 'id' ? reading.id : raw === 0 ? 0 : undefined;
  if (seq === undefined || seq < highestId) {
    return {
      count: 1,
      examples: [
        `counter ${where} is at ${seq ?? JSON.stringify(raw)} but "${sequence}" holds id ${highestId}; set "${counter.seqField}" to at least ${highestId}`,
      ],
    };
  }
  return { count: 0, examples: [] };
}

function describe(doc: Document): string {
  return doc['id'] !== undefined ? `id ${JSON.stringify(doc['id'])}` : `_id ${String(doc['_id'])}`;
}

/** Orders example lines with numbers by value ("id 9" before "id 10"). */
const byText = new Intl.Collator('en', { numeric: true }).compare;

/**
 * Counts problems and keeps the `keep` lowest lines in that order, not the first met: the
 * order a scan meets documents in is the server's natural order, which differs between servers.
 */
export function collector(keep: number): { add(line: string): void; result(): Problem } {
  let count = 0;
  const examples: string[] = [];
  return {
    add(line) {
      count++;
      if (examples.length === keep && (keep === 0 || byText(line, examples[keep - 1]!) >= 0)) return;
      let at = examples.length;
      while (at > 0 && byText(line, examples[at - 1]!) < 0) at--;
      examples.splice(at, 0, line);
      if (examples.length > keep) examples.pop();
    },
    result: () => ({ count, examples }),
  };
}
