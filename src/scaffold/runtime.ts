import { Decimal128 } from 'mongodb';
import type { ObjectId } from 'mongodb';
import type { CollectionSpec, ExistingDoc, IdKind, MakeContext, SetupContext } from '../dataset/contract';
import type { Faker } from '../dataset/faker-type';
import { seedFromText } from '../dataset/random-source';
import { isObjectId, objectIdLike, ownObjectId } from '../generate/object-ids';
import type {
  FieldSpec,
  FieldSpecs,
  IsoShape,
  NumberSpec,
  Quantiles,
  StringSpec,
  TextKind,
  ValueType,
} from './field-spec';
import { VALUE_TYPES } from './field-spec';
import { FieldStream, fieldSeed } from './field-stream';

/** One collection of a scaffolded dataset: its count, its ids and the specs of its field paths. */
export interface ScaffoldedCollection {
  readonly name: string;
  /** Documents in the batch. */
  readonly count: number;
  /** `counter` (integer `id` from the app's counters) or `objectId` (`_id`). */
  readonly ids: IdKind;
  readonly fields: FieldSpecs;
  /** The source's "now" when it was scaffolded (ISO): its dates are days relative to it; `crm-seed fidelity` reads it. */
  readonly referenceDate?: string | undefined;
  /**
   * Which of its documents other collections of the dataset may point at (`parent`): those
   * whose `field` is none of `notLive` (e.g. `{ field: 'deleted', notLive: [true, 1] }`).
   */
  readonly live?: ScaffoldLive | undefined;
}

/** A document is live unless its `field` is one of `notLive`. */
export interface ScaffoldLive {
  readonly field: string;
  readonly notLive: readonly (string | number | boolean | null)[];
}

/** What the run gives the scaffolded collections: its seed, and the tenant of tenant fields. */
export interface ScaffoldRun {
  readonly seed: number;
  readonly tenant?: string | number | boolean | undefined;
}

/** The specs a scaffolded collection was made from, for `crm-seed fidelity`. */
export const SCAFFOLD_SPEC: unique symbol = Symbol.for('crm-calls-seed.scaffoldSpec');

/** The scaffolded spec behind a collection of a dataset, if it is one. */
export function scaffoldSpecOf(collection: object): ScaffoldedCollection | undefined {
  return (collection as { [SCAFFOLD_SPEC]?: ScaffoldedCollection })[SCAFFOLD_SPEC];
}

const DAY_MS = 86_400_000;
const POOL_SIZE = 256;
/** Reserved for documentation (RFC 2606): a generated address never reaches anyone. */
const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net'] as const;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const HEX = '0123456789abcdef';

type Pools = Readonly<Record<TextKind, readonly string[]>>;

/** What one document's make gives the field writers. */
interface DocRun {
  index: number;
  refMs: number;
  ctx: MakeContext;
  pools: Pools;
  existing: (link: string) => readonly ExistingDoc<unknown>[];
}

/** Writes one field path's value (or nothing) into a document or array element. */
interface FieldWriter {
  readonly key: string;
  /** The value of this path for the document `run` is making, or `ABSENT`. */
  value(run: DocRun): unknown;
}

const ABSENT: unique symbol = Symbol('absent');

/**
 * The collections of a scaffolded dataset, for `collections: (o, run) => scaffoldedCollections(...)`.
 * Each field draws from its own stream (the run's seed, the collection, the path, the
 * document's index); text comes from pools a seeded faker fills once per run and kind. A
 * field with `parent` points at a live document of that collection made earlier in the same
 * batch: list the parent collection first.
 */
export function scaffoldedCollections(
  run: ScaffoldRun,
  collections: readonly ScaffoldedCollection[],
): CollectionSpec[] {
  // Ids of each collection's live documents made so far in this run, for `parent` fields.
  const made: MadeIds = new Map();
  return collections.map((c) => scaffoldedCollection(run, c, made));
}

function scaffoldedCollection(run: ScaffoldRun, spec: ScaffoldedCollection, made: MadeIds): CollectionSpec {
  const writers = compileFields(run, spec, made);
  const kinds = textKindsOf(spec.fields);
  const idKey = spec.ids === 'objectId' ? '_id' : 'id';
  const live = spec.live;
  let own: (number | ObjectId)[] = [];
  interface State {
    readonly pools: Pools;
    readonly existing: (link: string) => readonly ExistingDoc<unknown>[];
  }
  const collection: CollectionSpec<Record<string, unknown>, State> = {
    name: spec.name,
    count: spec.count,
    ids: spec.ids,
    setup(setup: SetupContext): State {
      // A fresh list per run: the preflight's stand-in ids are not the batch's.
      own = [];
      made.set(spec.name, own);
      // faker loads on first use (~25 ms): only for a collection with text pools.
      const pools = buildPools(kinds.size > 0 ? setup.faker : undefined, kinds, run.seed, spec.name);
      return { pools, existing: setup.existing };
    },
    make(ctx) {
      const docRun: DocRun = {
        index: ctx.index,
        refMs: ctx.refDate.getTime(),
        ctx,
        pools: ctx.state.pools,
        existing: ctx.state.existing,
      };
      const doc: Record<string, unknown> = { [idKey]: ctx.id };
      for (const w of writers) {
        const v = w.value(docRun);
        if (v !== ABSENT) doc[w.key] = v;
      }
      if (live === undefined || !live.notLive.includes(doc[live.field] as never)) own.push(ctx.id);
      return doc;
    },
  };
  Object.defineProperty(collection, SCAFFOLD_SPEC, { value: spec, enumerable: false });
  return collection;
}

/** Ids of each collection's live documents made so far in the run, by collection name. */
type MadeIds = Map<string, (number | ObjectId)[]>;

/** The paths' writers as a tree: top-level fields, object children, array elements. */
function compileFields(run: ScaffoldRun, spec: ScaffoldedCollection, made: MadeIds): FieldWriter[] {
  const paths = Object.keys(spec.fields);
  const childrenOf = (parent: string): string[] =>
    paths.filter((p) => parentPath(p) === parent && !p.endsWith('[]'));
  const build = (path: string): FieldWriter =>
    fieldWriter(run, spec, made, path, spec.fields[path]!, childrenOf(path).map(build), () => {
      const element = `${path}[]`;
      return spec.fields[element] === undefined ? undefined : elementWriter(element);
    });
  const elementWriter = (path: string): FieldWriter =>
    fieldWriter(run, spec, made, path, spec.fields[path]!, childrenOf(path).map(build), () => undefined);
  return childrenOf('').map(build);
}

/** `a.b` -> `a`, `a[]` -> `a`, `a[].b` -> `a[]`, `a` -> ``. */
export function parentPath(path: string): string {
  if (path.endsWith('[]')) return path.slice(0, -2);
  const dot = path.lastIndexOf('.');
  return dot < 0 ? '' : path.slice(0, dot);
}

/** The key a path writes under its parent: `a.b` -> `b`, `a[]` -> (an element), `a` -> `a`. */
function keyOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? path : path.slice(dot + 1);
}

function cumulative<T>(weights: readonly (readonly [T, number])[]): { values: T[]; cuts: Float64Array } {
  const total = weights.reduce((s, [, w]) => s + w, 0) || 1;
  const cuts = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach(([, w], i) => {
    sum += w / total;
    cuts[i] = sum;
  });
  if (cuts.length > 0) cuts[cuts.length - 1] = 1;
  return { values: weights.map(([v]) => v), cuts };
}

function pickCut<T>(table: { values: T[]; cuts: Float64Array }, u: number): T {
  const { cuts } = table;
  let i = 0;
  while (i < cuts.length - 1 && u >= cuts[i]!) i++;
  return table.values[i]!;
}

/** The value at `u` of an inverse distribution, by linear interpolation between its points. */
export function quantileAt(q: Quantiles, u: number): number {
  if (q.length === 0) return 0;
  if (u <= q[0]![0]) return q[0]![1];
  for (let i = 1; i < q.length; i++) {
    const [p1, v1] = q[i]!;
    if (u <= p1) {
      const [p0, v0] = q[i - 1]!;
      return p1 === p0 ? v1 : v0 + ((u - p0) / (p1 - p0)) * (v1 - v0);
    }
  }
  return q[q.length - 1]![1];
}

function rounded(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

function fieldWriter(
  run: ScaffoldRun,
  spec: ScaffoldedCollection,
  made: MadeIds,
  path: string,
  field: FieldSpec,
  children: readonly FieldWriter[],
  element: () => FieldWriter | undefined,
): FieldWriter {
  // Array elements draw many values per document: independent draws; the rest are stratified over the batch.
  const stream = new FieldStream(fieldSeed(run.seed, spec.name, path), path.includes('[]') ? 0 : spec.count);
  const types = cumulative(
    VALUE_TYPES.flatMap((t) => {
      const w = field.types[t];
      return w === undefined || w <= 0 ? [] : [[t, w] as const];
    }),
  );
  const makers: ((r: DocRun, u: number) => unknown)[] = [];
  const elementWriter = element();
  for (const t of types.values)
    makers.push(valueMaker(run, spec, made, path, field, t, stream, children, elementWriter));
  const presence = field.presence;
  const { cuts } = types;
  return {
    key: keyOf(path),
    value(r) {
      if (stream.doc !== r.index) stream.start(r.index);
      // One stratified draw decides presence, then the type, then the value within the type's
      // share: so the documents that have a value of a type have it stratified among them.
      let u = stream.rank();
      if (u >= presence) return ABSENT;
      u /= presence;
      let i = 0;
      while (i < cuts.length - 1 && u >= cuts[i]!) i++;
      const from = i === 0 ? 0 : cuts[i - 1]!;
      const to = cuts[i] ?? 1;
      const maker = makers[i];
      return maker === undefined
        ? ABSENT
        : maker(r, to > from ? Math.min((u - from) / (to - from), 0.999999999) : 0);
    },
  };
}

function valueMaker(
  run: ScaffoldRun,
  spec: ScaffoldedCollection,
  made: MadeIds,
  path: string,
  field: FieldSpec,
  type: ValueType,
  stream: FieldStream,
  children: readonly FieldWriter[],
  element: FieldWriter | undefined,
): (r: DocRun, u: number) => unknown {
  if (field.tenant && type !== 'null') {
    const tenant = run.tenant;
    return () => tenant ?? null;
  }
  if (
    (field.link !== undefined || field.parent !== undefined) &&
    (type === 'int' || type === 'objectId' || type === 'long')
  ) {
    return referenceMaker(made, field);
  }
  switch (type) {
    case 'null':
      return () => null;
    case 'bool': {
      const share = field.bool?.trueShare ?? 0.5;
      return (_r, u) => u < share;
    }
    case 'int':
      return numberMaker(field.int, 0, (x) => Math.round(x), field.unique === true);
    case 'double':
      return numberMaker(field.double, 2, (x) => x, false);
    case 'long':
      return numberMaker(field.long, 0, (x) => BigInt(Math.round(x)), false);
    case 'decimal':
      return decimalMaker(field.decimal);
    case 'date': {
      const days = field.date?.days ?? [];
      return (r, u) => new Date(Math.round(r.refMs + quantileAt(days, u) * DAY_MS));
    }
    case 'objectId':
      return (r) => {
        let hex = '';
        for (let i = 0; i < 24; i++) hex += HEX[stream.below(16)];
        const id = r.ctx.id;
        return isObjectId(id) ? objectIdLike(id, hex) : ownObjectId(hex);
      };
    case 'string':
      return stringMaker(field.string, stream, field.unique === true, run.seed, `${spec.name}/${path}`);
    case 'object':
      return (r) => {
        const doc: Record<string, unknown> = {};
        for (const w of children) {
          const v = w.value(r);
          if (v !== ABSENT) doc[w.key] = v;
        }
        return doc;
      };
    case 'array': {
      const lengths = cumulative(field.array?.lengths ?? [[0, 1]]);
      return (r, u) => {
        const n = pickCut(lengths, u);
        const out: unknown[] = [];
        if (element === undefined) return out;
        for (let i = 0; i < n; i++) {
          const v = element.value(r);
          out.push(v === ABSENT ? null : v);
        }
        return out;
      };
    }
  }
}

/** A `link` (a live record of the run) or a `parent` (a live document of the batch made earlier). */
function referenceMaker(made: MadeIds, field: FieldSpec): (r: DocRun, u: number) => unknown {
  const link = field.link;
  if (link !== undefined) {
    return (r, u) => {
      const records = r.existing(link);
      return records.length === 0 ? null : records[Math.floor(u * records.length)]!.id;
    };
  }
  const parent = field.parent!;
  return (_r, u) => {
    // Read at each document: the parent's setup replaces the list at every run.
    const ids = made.get(parent) ?? [];
    return ids.length === 0 ? null : ids[Math.floor(u * ids.length)];
  };
}

function numberMaker<T>(
  spec: NumberSpec | undefined,
  defaultDecimals: number,
  convert: (x: number) => T,
  unique: boolean,
): (r: DocRun, u: number) => T {
  if (spec === undefined) return () => convert(0);
  if ('values' in spec) {
    const table = cumulative(spec.values);
    return (_r, u) => convert(pickCut(table, u));
  }
  const { quantiles } = spec;
  const decimals = spec.decimals ?? defaultDecimals;
  if (unique) {
    // Distinct within the batch: from the lowest quantile up, one step per document.
    const base = Math.round(quantiles[0]?.[1] ?? 0);
    return (r) => convert(base + r.index);
  }
  return (_r, u) => convert(rounded(quantileAt(quantiles, u), decimals));
}

function decimalMaker(spec: NumberSpec | undefined): (r: DocRun, u: number) => unknown {
  const inner = numberMaker(spec, 2, (x) => x, false);
  const decimals = spec !== undefined && 'decimals' in spec ? spec.decimals : 2;
  return (r, u) => Decimal128.fromString(inner(r, u).toFixed(decimals));
}

/** Strings by their spec: categories, ISO dates, formats, shapes or text of a kind. */
function stringMaker(
  spec: StringSpec | undefined,
  stream: FieldStream,
  unique: boolean,
  runSeed: number,
  where: string,
): (r: DocRun, u: number) => string {
  const tag = seedFromText(`${runSeed >>> 0}/${where}`);
  if (spec === undefined) return () => '';
  switch (spec.kind) {
    case 'category': {
      const table = cumulative(spec.values);
      return (_r, u) => pickCut(table, u);
    }
    case 'isoDate': {
      const { days, shape } = spec;
      return (r, u) => isoString(new Date(Math.round(r.refMs + quantileAt(days, u) * DAY_MS)), shape);
    }
    case 'email': {
      const suffix = unique ? `.${(tag % 46656).toString(36)}` : '';
      return (r) => {
        const first = asciiWord(pick(r.pools.firstName, stream));
        const last = asciiWord(pick(r.pools.lastName, stream));
        const domain = EMAIL_DOMAINS[stream.below(EMAIL_DOMAINS.length)]!;
        const n = unique
          ? `${suffix}${r.index.toString(36)}`
          : stream.next() < 0.5
            ? ''
            : String(stream.below(100));
        return `${first}.${last}${n}@${domain}`;
      };
    }
    case 'url':
      return (r) =>
        `https://${asciiWord(pick(r.pools.word, stream))}.example.com/${asciiWord(pick(r.pools.word, stream))}`;
    case 'uuid':
      return (r) => uuid(stream, unique ? r.index : undefined, tag);
    case 'shape': {
      const shapes = cumulative(spec.shapes);
      return (r, u) => fillShape(pickCut(shapes, u), stream, unique ? r.index : undefined);
    }
    case 'sentence': {
      const lengths = spec.lengths;
      return (r, u) => sentenceOf(r.pools.sentence, stream, Math.max(1, Math.round(quantileAt(lengths, u))));
    }
    case 'word': {
      const lengths = spec.lengths;
      return (r, u) => {
        const n = Math.max(1, Math.round(quantileAt(lengths, u)));
        let s = '';
        for (let i = 0; i < n; i++) s += LETTERS[stream.below(26)];
        return unique ? `${s}${r.index.toString(36)}` : s;
      };
    }
    default: {
      const kind = spec.kind;
      return (r) => {
        const v = pick(r.pools[kind], stream);
        return unique ? `${v} ${r.index.toString(36)}` : v;
      };
    }
  }
}

function pick(pool: readonly string[], stream: FieldStream): string {
  return pool.length === 0 ? '' : pool[stream.below(pool.length)]!;
}

/** "O'Brien-Smith" -> "obriensmith": an email's local part from a name. */
function asciiWord(s: string): string {
  return s
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function isoString(date: Date, shape: IsoShape): string {
  const iso = date.toISOString();
  if (shape === 'day') return iso.slice(0, 10);
  if (shape === 'second') return `${iso.slice(0, 19)}Z`;
  return iso;
}

/** `d` a digit, `a` a lowercase and `A` an uppercase letter, anything else itself; unique: the last digits count the index. */
function fillShape(shape: string, stream: FieldStream, index: number | undefined): string {
  const chars = shape.split('');
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === 'd') chars[i] = String(stream.below(10));
    else if (c === 'a') chars[i] = LETTERS[stream.below(26)]!;
    else if (c === 'A') chars[i] = LETTERS[stream.below(26)]!.toUpperCase();
  }
  if (index !== undefined) {
    let n = index;
    for (let i = chars.length - 1, used = 0; i >= 0 && used < 9; i--) {
      if (shape[i] !== 'd') continue;
      chars[i] = String(n % 10);
      n = Math.floor(n / 10);
      used++;
    }
  }
  return chars.join('');
}

function hex32(x: number, digits = 8): string {
  return (x >>> 0)
    .toString(16)
    .padStart(8, '0')
    .slice(8 - digits);
}

/** A version-4 UUID from the stream; unique: its last 12 digits count the index (mixed with the field's tag). */
function uuid(stream: FieldStream, index: number | undefined, tag: number): string {
  const r = (): number => Math.floor(stream.next() * 4294967296);
  const a = hex32(r());
  const b = hex32(r(), 4);
  const c = `4${hex32(r(), 3)}`;
  const d = `${HEX[8 + stream.below(4)]}${hex32(r(), 3)}`;
  const e =
    index === undefined
      ? `${hex32(r(), 4)}${hex32(r())}`
      : `${hex32(tag >>> 16, 4)}${hex32((index ^ Math.imul(tag, 0x2545f491)) >>> 0)}`;
  return `${a}-${b}-${c}-${d}-${e}`;
}

/** Sentences from the pool, run together and cut to `length` characters at most, ending with a full stop. */
function sentenceOf(pool: readonly string[], stream: FieldStream, length: number): string {
  let text = pick(pool, stream);
  while (text.length < length && pool.length > 0) text += ` ${pick(pool, stream)}`;
  if (text.length <= length) return text;
  const cut = text.slice(0, length).replace(/\s+\S*$/, '');
  return cut.length === 0 ? text.slice(0, length) : cut.endsWith('.') ? cut : `${cut}.`;
}

/** The text kinds a collection's fields use (email and url draw on the name and word pools). */
function textKindsOf(fields: FieldSpecs): Set<TextKind> {
  const kinds = new Set<TextKind>();
  for (const f of Object.values(fields)) {
    const s = f.string;
    if (s === undefined) continue;
    if (s.kind === 'email') {
      kinds.add('firstName');
      kinds.add('lastName');
    } else if (s.kind === 'url') kinds.add('word');
    else if (
      s.kind !== 'category' &&
      s.kind !== 'isoDate' &&
      s.kind !== 'uuid' &&
      s.kind !== 'shape' &&
      s.kind !== 'word'
    )
      kinds.add(s.kind);
  }
  return kinds;
}

const POOL_MAKERS: Readonly<Record<TextKind, (f: Faker) => string>> = {
  personName: (f) => f.person.fullName(),
  firstName: (f) => f.person.firstName(),
  lastName: (f) => f.person.lastName(),
  company: (f) => f.company.name(),
  street: (f) => f.location.streetAddress(),
  city: (f) => f.location.city(),
  sentence: (f) => f.lorem.sentence(),
  word: (f) => f.lorem.word(),
};

/**
 * One pool per text kind the collection uses, each from faker seeded for that kind alone
 * (the run's seed, the collection, the kind): a field added or removed changes no pool.
 */
function buildPools(
  faker: Faker | undefined,
  kinds: ReadonlySet<TextKind>,
  runSeed: number,
  collection: string,
): Pools {
  const pools = {} as Record<TextKind, readonly string[]>;
  for (const kind of Object.keys(POOL_MAKERS) as TextKind[]) {
    if (!kinds.has(kind) || faker === undefined) {
      pools[kind] = [];
      continue;
    }
    faker.seed(seedFromText(`${runSeed >>> 0}/${collection}/${kind}`));
    const make = POOL_MAKERS[kind];
    pools[kind] = Array.from({ length: POOL_SIZE }, () => make(faker));
  }
  return pools;
}
