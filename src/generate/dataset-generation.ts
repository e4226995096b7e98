import type { faker as EnglishFaker } from '@faker-js/faker/locale/en';
import type { Faker } from '../dataset/faker-type';
import type { ObjectId } from 'mongodb';
import { ownObjectId } from './object-ids';
import type { ObjectIdFactory } from './object-ids';
import { ConfigError } from '../errors';
import { BATCH_FIELD, RUN_FIELD } from '../schema/marker';
import type {
  AnyCollection,
  BuiltDataset,
  ExistingDoc,
  IdKind,
  MakeContext,
  SetupContext,
} from '../dataset/contract';
import { createRandom, seedFromText } from '../dataset/random-source';
import type { RandomSource } from '../dataset/random-source';

/** One run of a dataset: what makes it reproducible, and the existing documents it may link to. */
export interface DatasetPlan {
  readonly batch: string;
  readonly seed: number;
  readonly refDate: Date;
  readonly spec: BuiltDataset;
  /** Total documents per collection (checkDataset's result). */
  readonly totals: ReadonlyMap<string, number>;
  /** Live records per link (by the link's name), ordered by id. */
  readonly existing: ReadonlyMap<string, readonly ExistingDoc<unknown>[]>;
  /** Makes the ObjectIds of `objectId` collections: the writing driver's class (default: the resolved one). */
  readonly objectId?: ObjectIdFactory | undefined;
  /** The run's identity, written into every document as `seed_run` (none for documents written to files). */
  readonly runId?: string | undefined;
}

/** Where each collection's ids start: the first id of its reserved counter block. */
export type FirstIds = Readonly<Record<string, number>>;

/** The documents of one chunk, per collection, in the order they are written (parents first). */
export interface DatasetChunk {
  readonly groups: readonly { readonly collection: string; readonly docs: Record<string, unknown>[] }[];
  /** Documents of the first (root) collection in this chunk. */
  readonly roots: number;
}

export function idKindOf(spec: AnyCollection): IdKind {
  return spec.ids ?? 'counter';
}

/**
 * The ObjectIds of a batch's `objectId` collection: a fixed 7-byte prefix from the batch,
 * the seed and the collection, then the document's index as a 5-byte counter. Deterministic
 * (the same run gives the same ids), distinct between batches, and in index order, so a
 * batch's documents form one `_id` range that removal can split without reading them.
 */
export function objectIdFor(
  plan: Pick<DatasetPlan, 'batch' | 'seed' | 'objectId'>,
  collection: string,
  index: number,
): ObjectId {
  return objectIdMaker(plan, collection)(index);
}

/** objectIdFor for one collection, its prefix hashed once: a run makes every id through one. */
function objectIdMaker(
  plan: Pick<DatasetPlan, 'batch' | 'seed' | 'objectId'>,
  collection: string,
): (index: number) => ObjectId {
  const a = seedFromText(`${plan.batch}\u0000${plan.seed}\u0000${collection}`);
  const b = seedFromText(`${collection}\u0000${plan.seed}\u0000${plan.batch}`);
  const prefix = (a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0')).slice(0, 14);
  const make = plan.objectId ?? ownObjectId;
  return (index) => make(prefix + index.toString(16).padStart(10, '0'));
}

/** The seed of one collection's random source: the first collection uses the run's seed itself. */
function collectionSeed(plan: DatasetPlan, position: number, name: string): number {
  return position === 0 ? plan.seed : seedFromText(`${plan.seed >>> 0}/${name}`);
}

let englishInstance: typeof EnglishFaker | undefined;

/**
 * Faker's English locale, loaded on first use (~25 ms): `down`, `status` and a dataset that
 * never asks for faker do not pay it. Faker 10 is ESM only: Node >= 20.19 (our `engines`) can
 * `require` an ES module synchronously, which keeps this lazy load synchronous.
 */
function english(): typeof EnglishFaker {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (englishInstance ??= (require('@faker-js/faker/locale/en') as { faker: typeof EnglishFaker }).faker);
}

/** A fresh English faker seeded for one collection (built only when a make or setup uses it). */
function seededFaker(seed: number): Faker {
  const englishFaker = english();
  const FakerClass = englishFaker.constructor as new (options: {
    locale: typeof englishFaker.rawDefinitions;
  }) => Faker;
  const faker = new FakerClass({ locale: englishFaker.rawDefinitions });
  faker.seed(seed);
  return faker;
}

/** What is the same for every document of one collection in one run. */
interface RunBase {
  readonly random: RandomSource;
  readonly lazyFaker: () => Faker;
  readonly refDate: Date;
  readonly batch: string;
  readonly state: unknown;
  readonly pick: <T>(link: string) => T;
  readonly tryPick: <T>(link: string) => T | undefined;
}

/** One `make` call's context: a class, so building one per document is cheap and faker stays lazy. */
class Context implements MakeContext {
  constructor(
    private readonly base: RunBase,
    readonly id: number | ObjectId,
    readonly index: number,
    readonly parent: Record<string, unknown>,
  ) {}
  get random(): RandomSource {
    return this.base.random;
  }
  get faker(): Faker {
    return this.base.lazyFaker();
  }
  get refDate(): Date {
    return this.base.refDate;
  }
  get batch(): string {
    return this.base.batch;
  }
  get state(): unknown {
    return this.base.state;
  }
  get pick(): <T>(link: string) => T {
    return this.base.pick;
  }
  get tryPick(): <T>(link: string) => T | undefined {
    return this.base.tryPick;
  }
}

interface CollectionRun {
  readonly spec: AnyCollection;
  /** The id of the document at an index: the counter block's, or the batch's ObjectIds. */
  readonly idAt: (index: number) => number | ObjectId;
  /** Writes the fields the engine owns into what make() returned (ownedFieldsWriter). */
  readonly writeOwned: (doc: Record<string, unknown>, id: number | ObjectId, index: number) => void;
  readonly base: RunBase;
  /** Children collections, in dataset order. */
  readonly children: CollectionRun[];
  made: number;
}

/**
 * Lazily yields the plan's documents in chunks of `chunkSize` documents of a root collection,
 * each with all its descendants. Every collection has its own random source, consumed in
 * document order, so the documents do not depend on the chunk size.
 */
export function* generateDataset(
  plan: DatasetPlan,
  firstIds: FirstIds,
  chunkSize: number,
): Generator<DatasetChunk> {
  const runs = prepareRuns(plan, firstIds);
  for (const root of runs.filter((r) => r.spec.per === undefined)) {
    const total = plan.totals.get(root.spec.name) ?? 0;
    while (root.made < total) {
      const size = Math.min(chunkSize, total - root.made);
      const groups = new Map<string, Record<string, unknown>[]>();
      const parents = makeDocs(root, size, undefined, groups);
      yield* [
        { groups: [...groups].map(([collection, docs]) => ({ collection, docs })), roots: parents.length },
      ];
    }
  }
}

/**
 * The first document of every collection (one root and its descendants), made with stand-in
 * ids from runs of their own: a make() that throws or returns a field the engine owns is
 * refused before the run writes anything (a counter reserved, a batch registered). Pure.
 */
export function preflightDataset(plan: DatasetPlan): void {
  // Stand-in ids far apart per collection, so a make() that copies another document's id is told.
  const standIns = Object.fromEntries(plan.spec.collections.map((c, k) => [c.name, 1e12 + k * 1e9]));
  const runs = prepareRuns(plan, standIns);
  const root = runs.find((r) => r.spec.per === undefined && (plan.totals.get(r.spec.name) ?? 0) > 0);
  if (root) makeDocs(root, 1, undefined, new Map());
}

/** Makes `count` documents of `run` (for one parent, or roots), then their descendants, into `groups`. */
function makeDocs(
  run: CollectionRun,
  count: number,
  parent: Record<string, unknown> | undefined,
  groups: Map<string, Record<string, unknown>[]>,
): Record<string, unknown>[] {
  let docs = groups.get(run.spec.name);
  if (!docs) groups.set(run.spec.name, (docs = []));
  const made: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const index = run.made++;
    const id = run.idAt(index);
    const doc = made1(run, new Context(run.base, id, index, parent ?? {}));
    run.writeOwned(doc, id, index);
    docs.push(doc);
    made.push(doc);
  }
  for (const child of run.children) {
    for (const doc of made) makeDocs(child, child.spec.count, doc, groups);
  }
  return made;
}

/** One `make` call; a throw names the collection and the document's index. */
function made1(run: CollectionRun, context: Context): Record<string, unknown> {
  try {
    return run.spec.make(context) as Record<string, unknown>;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new ConfigError(
      `make() of collection ${run.spec.name} threw at document ${context.index}: ${message}`,
      {
        code: 'DATASET_FAILED',
        cause: err,
      },
    );
  }
}

/**
 * Writes the engine's fields into each document make() returns, in this order: its id (`id`,
 * or `_id` for ObjectIds), the marker, the run's identity. make() may return one of them only
 * with the engine's value (an ObjectId of another driver copy with the same hex is the same);
 * another value, `undefined` included, is refused with the collection and the document named.
 * Built once per collection, with one read per field at a site of its own (`in` only when the
 * value differs): the per-document object of owned fields walked with Object.entries took a
 * quarter of generation time, and a shared check with the field as a variable a tenth of a
 * small dataset's (docs/performance.md).
 */
function ownedFieldsWriter(
  plan: DatasetPlan,
  collection: string,
  kind: IdKind,
): (doc: Record<string, unknown>, id: number | ObjectId, index: number) => void {
  const { batch, runId } = plan;
  const refuse = (field: string, given: unknown, value: unknown, index: number): never => {
    throw fieldOwned(collection, index, field, given, value);
  };
  const writeMarkers = (doc: Record<string, unknown>, index: number): void => {
    const givenBatch = doc[BATCH_FIELD];
    if (givenBatch !== batch && (givenBatch !== undefined || BATCH_FIELD in doc))
      refuse(BATCH_FIELD, givenBatch, batch, index);
    doc[BATCH_FIELD] = batch;
    if (runId === undefined) return;
    const givenRun = doc[RUN_FIELD];
    if (givenRun !== runId && (givenRun !== undefined || RUN_FIELD in doc))
      refuse(RUN_FIELD, givenRun, runId, index);
    doc[RUN_FIELD] = runId;
  };
  if (kind === 'objectId') {
    return (doc, id, index) => {
      const given = doc['_id'];
      if (given !== id && (given !== undefined || '_id' in doc) && !sameValue(given, id))
        refuse('_id', given, id, index);
      doc['_id'] = id;
      writeMarkers(doc, index);
    };
  }
  // A counter id is a number: only itself is the same value.
  return (doc, id, index) => {
    const given = doc['id'];
    if (given !== id && (given !== undefined || 'id' in doc)) refuse('id', given, id, index);
    doc['id'] = id;
    writeMarkers(doc, index);
  };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const hex = (v: unknown): string | undefined =>
    typeof (v as { toHexString?: unknown } | null)?.toHexString === 'function'
      ? (v as { toHexString(): string }).toHexString()
      : undefined;
  return hex(a) !== undefined && hex(a) === hex(b);
}

/** make() returned a field the engine sets, with another value: the id it allocated, the marker, the run. */
function fieldOwned(
  collection: string,
  index: number,
  field: string,
  given: unknown,
  owned: unknown,
): ConfigError {
  const shown = (v: unknown): string => {
    const hex = (v as { toHexString?: () => string } | null)?.toHexString;
    return typeof hex === 'function' ? `ObjectId("${hex.call(v)}")` : (JSON.stringify(v) ?? String(v));
  };
  const what = field === 'id' || field === '_id' ? 'the id it allocated' : shown(owned);
  return new ConfigError(
    `make() of collection ${collection} returned ${field}: ${shown(given)} for document ${index}, but the engine sets ${field} (to ${what}); ` +
      `remove ${field} from what make() returns (use ctx.id for the document's own id)`,
    { code: 'DATASET_FAILED' },
  );
}

function prepareRuns(plan: DatasetPlan, firstIds: FirstIds): CollectionRun[] {
  const existing = linkedRecords(plan);
  const byName = new Map<string, CollectionRun>();
  return plan.spec.collections.map((spec, position) => {
    const seed = collectionSeed(plan, position, spec.name);
    const random: RandomSource = createRandom(seed);
    let faker: Faker | undefined;
    const lazyFaker = (): Faker => (faker ??= seededFaker(seed));
    const tryPick = <T>(link: string): T | undefined => {
      const docs = existing(link);
      return docs.length === 0 ? undefined : (docs[Math.floor(random.next() * docs.length)] as T);
    };
    const pick = plan.spec.lenientPick
      ? (tryPick as <T>(link: string) => T)
      : <T>(link: string): T => tryPick<T>(link) ?? noneToPick(plan.spec, link);
    const setupContext: SetupContext = {
      random,
      get faker() {
        return lazyFaker();
      },
      refDate: plan.refDate,
      batch: plan.batch,
      seed,
      existing: existing as SetupContext['existing'],
    };
    const state: unknown = spec.setup ? spec.setup(setupContext) : undefined;
    const base: RunBase = {
      random,
      lazyFaker,
      refDate: plan.refDate,
      batch: plan.batch,
      state,
      pick,
      tryPick,
    };
    const kind = idKindOf(spec);
    const firstId = firstIds[spec.name] ?? 1;
    const run: CollectionRun = {
      spec,
      idAt: kind === 'objectId' ? objectIdMaker(plan, spec.name) : (index) => firstId + index,
      writeOwned: ownedFieldsWriter(plan, spec.name, kind),
      base,
      children: [],
      made: 0,
    };
    if (spec.per !== undefined) byName.get(spec.per)?.children.push(run);
    byName.set(spec.name, run);
    return run;
  });
}

/** The records of a link by its name; a name the dataset does not declare is a mistake in make(). */
function linkedRecords(plan: DatasetPlan): (link: string) => readonly ExistingDoc<unknown>[] {
  const declared = new Set(plan.spec.linkNames);
  return (link) => {
    const docs = plan.existing.get(link);
    if (docs) return docs;
    if (declared.has(link) || plan.spec.lenientPick) return [];
    const known = [...declared];
    throw new Error(
      `"${link}" is not a link of dataset ${plan.spec.name} (${known.length ? `its links: ${known.join(', ')}` : 'it declares no links'}); declare it in the dataset's links`,
    );
  };
}

/** pick() of a link with no live record: what to do about it, in one phrase (make() names the document). */
function noneToPick(spec: BuiltDataset, name: string): never {
  const link = spec.links.find((l) => l.name === name);
  const scope =
    link?.tenantField !== undefined ? ` with ${link.tenantField} = ${JSON.stringify(link.tenant)}` : '';
  throw new Error(
    `pick("${name}"): no live record in ${link?.collection ?? name}${scope} to link to; seed some first, or make the link optional and use tryPick`,
  );
}
