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

/** Text by kind, and the name and word pools as email and URL parts (lowercase ASCII), made once per run. */
type Pools = Readonly<Record<TextKind, readonly string[]>> & {
  readonly ascii: Readonly<Record<'firstName' | 'lastName' | 'word', readonly string[]>>;
};

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
  const run1: DocRun = {
    index: 0,
    refMs: 0,
    ctx: undefined as never,
    pools: EMPTY_POOLS,
    existing: () => [],
  };
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
      // One object per collection, refilled per document: make() holds no reference to it after.
      const docRun = run1;
      docRun.index = ctx.index;
      docRun.refMs = ctx.refDate.getTime();
      docRun.ctx = ctx;
      docRun.pools = ctx.state.pools;
      docRun.existing = ctx.state.existing;
      const doc: Record<string, unknown> = { [idKey]: ctx.id };
      for (let i = 0; i < writers.length; i++) {
        const w = writers[i]!;
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

/**
 * The inverse distribution of quantile points: the value at `u`, by linear interpolation
 * between the points. The points sit in typed arrays: a scan destructuring the pairs took 6%
 * of a scaffolded dataset's generation time.
 */
function inverseOf(q: Quantiles): (u: number) => number {
  const n = q.length;
  if (n === 0) return () => 0;
  const ps = Float64Array.from(q, ([p]) => p);
  const vs = Float64Array.from(q, ([, v]) => v);
  return (u) => {
    if (u <= ps[0]!) return vs[0]!;
    for (let i = 1; i < n; i++) {
      const p1 = ps[i]!;
      if (u <= p1) {
        const p0 = ps[i - 1]!;
        return p1 === p0 ? vs[i]! : vs[i - 1]! + ((u - p0) / (p1 - p0)) * (vs[i]! - vs[i - 1]!);
      }
    }
    return vs[n - 1]!;
  };
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
  // Most paths hold one type: no cut to find.
  const only = makers.length === 1 ? makers[0] : undefined;
  return {
    key: keyOf(path),
    value(r) {
      if (stream.doc !== r.index) stream.start(r.index);
      // One stratified draw decides presence, then the type, then the value within the type's
      // share: so the documents that have a value of a type have it stratified among them.
      let u = stream.rank();
      if (u >= presence) return ABSENT;
      if (only !== undefined) return only(r, presence === 1 ? u : u / presence);
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
      const days = inverseOf(field.date?.days ?? []);
      return (r, u) => new Date(Math.round(r.refMs + days(u) * DAY_MS));
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
        for (let i = 0; i < children.length; i++) {
          const w = children[i]!;
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
  const inverse = inverseOf(quantiles);
  const f = 10 ** decimals;
  return (_r, u) => convert(Math.round(inverse(u) * f) / f);
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
      const days = inverseOf(spec.days);
      const format = isoFormatter(spec.shape);
      return (r, u) => format(Math.round(r.refMs + days(u) * DAY_MS));
    }
    case 'email': {
      const suffix = unique ? `.${(tag % 46656).toString(36)}` : '';
      return (r) => {
        const first = pick(r.pools.ascii.firstName, stream);
        const last = pick(r.pools.ascii.lastName, stream);
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
        `https://${pick(r.pools.ascii.word, stream)}.example.com/${pick(r.pools.ascii.word, stream)}`;
    case 'uuid':
      return (r) => uuid(stream, unique ? r.index : undefined, tag);
    case 'shape': {
      const shapes = cumulative(spec.shapes);
      const slots = new Map(shapes.values.map((shape) => [shape, slotsOf(shape)]));
      return (r, u) => fillShape(slots.get(pickCut(shapes, u))!, stream, unique ? r.index : undefined);
    }
    case 'sentence': {
      const lengths = inverseOf(spec.lengths);
      return (r, u) => sentenceOf(r.pools.sentence, stream, Math.max(1, Math.round(lengths(u))));
    }
    case 'word': {
      const lengths = inverseOf(spec.lengths);
      return (r, u) => {
        const n = Math.max(1, Math.round(lengths(u)));
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

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));
let minuteLabels: readonly string[] | undefined;
/** Days whose "YYYY-MM-DDT" a formatter keeps. */
const MAX_CACHED_DAYS = 20_000;

/**
 * `new Date(ms).toISOString()` in the shape, for a cost a tenth of Date's (which took 9% of a
 * scaffolded dataset's generation time): the day part is cached, the time of day comes from a
 * table of minutes.
 */
function isoFormatter(shape: IsoShape): (ms: number) => string {
  const days = new Map<number, string>();
  minuteLabels ??= Array.from({ length: 1440 }, (_, m) => `${pad2(Math.floor(m / 60))}:${pad2(m % 60)}:`);
  const minutes = minuteLabels;
  return (ms) => {
    const day = Math.floor(ms / DAY_MS);
    let prefix = days.get(day);
    if (prefix === undefined) {
      // Date's own output at midnight, less "00:00:00.000Z": right for extended years too.
      prefix = new Date(day * DAY_MS).toISOString().slice(0, -13);
      if (days.size >= MAX_CACHED_DAYS) days.clear();
      days.set(day, prefix);
    }
    if (shape === 'day') return prefix.slice(0, -1);
    const ofDay = ms - day * DAY_MS;
    const minute = Math.floor(ofDay / 60_000);
    const rest = ofDay - minute * 60_000;
    const second = Math.floor(rest / 1000);
    const time = prefix + minutes[minute]! + pad2(second);
    return shape === 'second' ? `${time}Z` : `${time}.${pad3(rest - second * 1000)}Z`;
  };
}

/** A shape's characters as slots: 0 itself, 1 a digit, 2 a lowercase and 3 an uppercase letter. */
interface Slots {
  readonly chars: readonly string[];
  readonly kinds: Uint8Array;
}

function slotsOf(shape: string): Slots {
  const chars = [...shape];
  return { chars, kinds: Uint8Array.from(chars, (c) => (c === 'd' ? 1 : c === 'a' ? 2 : c === 'A' ? 3 : 0)) };
}

/** `d` a digit, `a` a lowercase and `A` an uppercase letter, anything else itself; unique: the last digits spell the index, scrambled. */
function fillShape(slots: Slots, stream: FieldStream, index: number | undefined): string {
  const { chars, kinds } = slots;
  // The last (up to 9) digit slots spell the index when the values must be unique.
  let digitsLeft = 0;
  if (index !== undefined) for (let i = 0; i < kinds.length; i++) if (kinds[i] === 1) digitsLeft++;
  let out = '';
  let spell = index === undefined ? 0 : Math.min(9, digitsLeft);
  // index -> (index * 3^14 + the field's offset) mod 10^spell: a bijection (3^14 is prime to
  // 10), so values stay distinct without reading like a counter (+44 3000 000001).
  const modulus = 10 ** spell;
  let unique = index === undefined ? 0 : ((index % modulus) * 4_782_969 + (stream.seed % modulus)) % modulus;
  const tail: string[] = [];
  for (let i = kinds.length - 1; i >= 0 && spell > 0; i--) {
    if (kinds[i] !== 1) continue;
    tail[i] = String(unique % 10);
    unique = Math.floor(unique / 10);
    spell--;
  }
  for (let i = 0; i < kinds.length; i++) {
    const k = kinds[i];
    if (tail[i] !== undefined) out += tail[i];
    else if (k === 1) out += String(stream.below(10));
    else if (k === 2) out += LETTERS[stream.below(26)]!;
    else if (k === 3) out += LETTERS[stream.below(26)]!.toUpperCase();
    else out += chars[i]!;
  }
  return out;
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
  // Cut at the last space before the length, so no word is cut in two.
  const space = text.lastIndexOf(' ', length);
  const cut = space <= 0 ? text.slice(0, length) : text.slice(0, space);
  return cut.endsWith('.') || cut.length >= length ? cut : `${cut}.`;
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
  const ascii = (words: readonly string[]): string[] => words.map(asciiWord).map((w) => w || 'x');
  return {
    ...pools,
    ascii: { firstName: ascii(pools.firstName), lastName: ascii(pools.lastName), word: ascii(pools.word) },
  };
}

const EMPTY_POOLS: Pools = {
  personName: [],
  firstName: [],
  lastName: [],
  company: [],
  street: [],
  city: [],
  sentence: [],
  word: [],
  ascii: { firstName: [], lastName: [], word: [] },
};
