import { SchemaAnalyzer } from 'mongodb-schema';
import type { SchemaField, SchemaType } from 'mongodb-schema';
import type { ValueType } from './field-spec';
import { DistinctHashes, Reservoir, ValueCounts } from './sketches';
import {
  formatOf,
  isoMs,
  isoShapeOf,
  looksLikeName,
  looksLikeStreet,
  shapeOf,
  wordCount,
} from './string-formats';
import type { StringFormat } from './string-formats';
import type { IsoShape } from './field-spec';

/** Values kept per path for the reference check: the first distinct integers or ObjectIds. */
export const REFERENCE_PROBES = 200;
/** Longer strings are not counted as category candidates nor shapes: they are text. */
const CATEGORY_MAX_LENGTH = 100;

/** What one pass over a collection's sample says about one field path. */
export interface PathProfile {
  readonly path: string;
  /** Share of the parent documents (or array elements) holding the path, null included (mongodb-schema). */
  presence: number;
  /** The mix of types among present values (mongodb-schema's, its numbers split into int and double). */
  types: Partial<Record<ValueType | 'other', number>>;
  /** Present values (null included). */
  present: number;
  readonly ints: { count: number };
  readonly doubles: { count: number };
  /** int, double, long and decimal values as numbers. */
  readonly numbers: Reservoir;
  readonly numberCounts: ValueCounts<number>;
  readonly numberHashes: DistinctHashes;
  /** Most decimals seen in a double (up to 6). */
  decimals: number;
  readonly dates: Reservoir;
  trues: number;
  bools: number;
  readonly strings: ValueCounts<string>;
  readonly stringHashes: DistinctHashes;
  readonly stringLengths: Reservoir;
  stringCount: number;
  readonly formats: Map<StringFormat, number>;
  readonly isoDates: Reservoir;
  readonly isoShapes: ValueCounts<IsoShape>;
  readonly shapes: ValueCounts<string>;
  nameLike: number;
  streetLike: number;
  words: number;
  /** Array lengths (mongodb-schema's). */
  readonly lengths: ValueCounts<number>;
  /** The first REFERENCE_PROBES distinct integers or ObjectIds, by their text. */
  readonly probes: Map<string, unknown>;
}

export interface CollectionProfile {
  readonly documents: number;
  /** Paths in the order they were first seen. */
  readonly paths: ReadonlyMap<string, PathProfile>;
}

function newPath(path: string): PathProfile {
  return {
    path,
    presence: 0,
    types: {},
    present: 0,
    ints: { count: 0 },
    doubles: { count: 0 },
    numbers: new Reservoir(),
    numberCounts: new ValueCounts(),
    numberHashes: new DistinctHashes(),
    decimals: 0,
    dates: new Reservoir(),
    trues: 0,
    bools: 0,
    strings: new ValueCounts(),
    stringHashes: new DistinctHashes(),
    stringLengths: new Reservoir(),
    stringCount: 0,
    formats: new Map(),
    isoDates: new Reservoir(),
    isoShapes: new ValueCounts(),
    shapes: new ValueCounts(),
    nameLike: 0,
    streetLike: 0,
    words: 0,
    lengths: new ValueCounts(),
    probes: new Map(),
  };
}

const bsonTypeOf = (v: unknown): string | undefined =>
  typeof v === 'object' && v !== null
    ? ((v as { _bsontype?: unknown })._bsontype as string | undefined)
    : undefined;

/**
 * One pass over documents (a cursor's, one at a time): mongodb-schema's analyzer for the
 * paths, their presence and their types, and the sketches for what it does not keep
 * (quantiles, frequencies, formats, lengths). Memory is bounded by the sketches' caps.
 */
export class CollectionProfiler {
  private readonly analyzer = new SchemaAnalyzer({ storeValues: false, semanticTypes: false });
  private readonly paths = new Map<string, PathProfile>();
  private documents = 0;

  /** `skip`: top-level fields left out (the engine's own: ids, markers). */
  constructor(private readonly skip: ReadonlySet<string> = new Set()) {}

  async add(doc: Record<string, unknown>): Promise<void> {
    this.documents++;
    const kept: Record<string, unknown> = {};
    for (const key of Object.keys(doc)) if (!this.skip.has(key)) kept[key] = doc[key];
    await this.analyzer.analyzeDoc(kept);
    this.walkObject(kept, '');
  }

  private at(path: string): PathProfile {
    let p = this.paths.get(path);
    if (!p) this.paths.set(path, (p = newPath(path)));
    return p;
  }

  private walkObject(obj: Record<string, unknown>, prefix: string): void {
    for (const key of Object.keys(obj)) {
      const value = obj[key];
      if (value === undefined) continue;
      this.walkValue(value, prefix === '' ? key : `${prefix}.${key}`);
    }
  }

  private walkValue(value: unknown, path: string): void {
    const p = this.at(path);
    p.present++;
    if (value === null) return;
    switch (typeof value) {
      case 'string':
        this.addString(p, value);
        return;
      case 'number':
        if (Number.isInteger(value)) p.ints.count++;
        else {
          p.doubles.count++;
          p.decimals = Math.max(p.decimals, decimalsOf(value));
        }
        this.addNumber(p, value);
        return;
      case 'boolean':
        p.bools++;
        if (value) p.trues++;
        return;
      case 'object':
        break;
      default:
        return;
    }
    if (Array.isArray(value)) {
      for (const v of value as unknown[]) this.walkValue(v, `${path}[]`);
      return;
    }
    if (value instanceof Date) {
      p.dates.add(value.getTime());
      return;
    }
    const bson = bsonTypeOf(value);
    if (bson === 'ObjectId') {
      const text = String((value as { toHexString(): string }).toHexString());
      if (p.probes.size < 200) p.probes.set(text, value);
      p.stringHashes.add(text);
      return;
    }
    if (bson === 'Long' || bson === 'Decimal128' || bson === 'Int32' || bson === 'Double') {
      const n = Number((value as { toString(): string }).toString());
      this.addNumber(p, n);
      if (bson === 'Decimal128') p.decimals = Math.max(p.decimals, decimalsOf(n));
      return;
    }
    if (bson !== undefined) return;
    this.walkObject(value as Record<string, unknown>, path);
  }

  private addNumber(p: PathProfile, n: number): void {
    p.numbers.add(n);
    p.numberCounts.add(n);
    p.numberHashes.add(String(n));
    if (Number.isInteger(n) && p.probes.size < 200) p.probes.set(String(n), n);
  }

  private addString(p: PathProfile, s: string): void {
    p.stringCount++;
    p.stringLengths.add(s.length);
    p.stringHashes.add(s);
    if (s.length <= CATEGORY_MAX_LENGTH) {
      p.strings.add(s);
      p.shapes.add(shapeOf(s));
    }
    const format = formatOf(s);
    if (format !== undefined) {
      p.formats.set(format, (p.formats.get(format) ?? 0) + 1);
      if (format === 'isoDate') {
        p.isoDates.add(isoMs(s));
        p.isoShapes.add(isoShapeOf(s));
      }
    }
    if (looksLikeName(s)) p.nameLike++;
    if (looksLikeStreet(s)) p.streetLike++;
    p.words += wordCount(s);
  }

  /** The profile, with mongodb-schema's presence and type mix on each path. */
  finish(): CollectionProfile {
    const result = this.analyzer.getResult();
    this.applySchema(result.fields, '');
    // Paths mongodb-schema saw but the walk did not (none expected) are left out: a profile path has values.
    return { documents: this.documents, paths: this.paths };
  }

  private applySchema(fields: readonly SchemaField[], prefix: string): void {
    for (const field of fields) {
      const path = prefix === '' ? field.name : `${prefix}.${field.name}`;
      this.applyTypes(path, field.probability, field.types);
    }
  }

  private applyTypes(path: string, presence: number, types: readonly SchemaType[]): void {
    const p = this.paths.get(path);
    if (!p) return;
    p.presence = presence;
    const present = types.filter((t) => t.name !== 'Undefined');
    const total = present.reduce((s, t) => s + t.count, 0) || 1;
    const mix: Partial<Record<ValueType | 'other', number>> = {};
    const add = (t: ValueType | 'other', share: number): void => {
      if (share > 0) mix[t] = (mix[t] ?? 0) + share;
    };
    for (const t of present) {
      const share = t.count / total;
      if (t.name === 'Number' || t.name === 'Int32' || t.name === 'Double') {
        const numbers = p.ints.count + p.doubles.count || 1;
        if (t.name === 'Int32') add('int', share);
        else if (t.name === 'Double') add('double', share);
        else {
          add('int', (share * p.ints.count) / numbers);
          add('double', (share * p.doubles.count) / numbers);
        }
      } else add(SCHEMA_TYPES[t.name] ?? 'other', share);
      if (t.name === 'Document' && 'fields' in t) this.applySchema(t.fields, path);
      if (t.name === 'Array' && 'types' in t && 'lengths' in t) {
        for (const n of t.lengths) p.lengths.add(n);
        const elements = t.types.reduce((s, e) => s + e.count, 0);
        this.applyTypes(
          `${path}[]`,
          1,
          t.types.map((e) => ({ ...e, count: e.count, probability: e.count / (elements || 1) })),
        );
      }
    }
    p.types = mix;
  }
}

const SCHEMA_TYPES: Readonly<Record<string, ValueType>> = {
  String: 'string',
  Boolean: 'bool',
  Date: 'date',
  ObjectId: 'objectId',
  Long: 'long',
  Decimal128: 'decimal',
  Null: 'null',
  Document: 'object',
  Array: 'array',
};

function decimalsOf(x: number): number {
  const s = String(x);
  const dot = s.indexOf('.');
  if (s.includes('e')) return 6;
  return dot < 0 ? 0 : Math.min(6, s.length - dot - 1);
}
