import type {
  FieldSpec,
  FieldSpecs,
  NumberSpec,
  Quantiles,
  StringSpec,
  TextKind,
  ValueType,
  Weighted,
} from './field-spec';
import { VALUE_TYPES } from './field-spec';
import type { CollectionProfile, PathProfile } from './profile';
import { K_ANONYMITY, round } from './sketches';
import type { ValueCounts } from './sketches';

/**
 * A profile's paths as field specs, under the privacy rules (docs/scaffold.md): a source value
 * is written only as a category, only when seen at least K_ANONYMITY times, and never when
 * the path holds personal data (emails, phones, names, addresses, free text), whatever its
 * count.
 */

/** Kept categories of one path: the only source values the module holds. */
export interface KeptCategories {
  readonly collection: string;
  readonly path: string;
  readonly values: readonly (readonly [string | number, number])[];
}

/** What a path points at, found by the reference check (references.ts). */
export type Reference =
  { readonly kind: 'link'; readonly link: string } | { readonly kind: 'parent'; readonly collection: string };

export interface ClassifyContext {
  readonly collection: string;
  /** Top-level paths the engine sets (ids) and the markers: no spec. */
  readonly skip: ReadonlySet<string>;
  readonly tenantField?: string | undefined;
  /** Paths with a single-field unique index. */
  readonly uniqueIndexes: ReadonlySet<string>;
  readonly references: ReadonlyMap<string, Reference>;
  /** The source's "now", in ms: dates become days relative to it. */
  readonly refMs: number;
}

/** A category has at most this many values, and its kept values cover at least this share. */
const MAX_CATEGORIES = 50;
const MAX_NUMBER_CATEGORIES = 20;
const CATEGORY_COVERAGE = 0.9;
/** A format is the path's when at least this share of its strings has it. */
const FORMAT_SHARE = 0.9;
/** Strings this long on average, or of this many words, are free text. */
const TEXT_LENGTH = 40;
const TEXT_WORDS = 5;
/** Uniqueness from the sample needs this many values. */
const UNIQUE_MIN = 20;
const DAY_MS = 86_400_000;

const FIRST_NAME = /^(first|given|fore)name$|^fname$|^first$/;
const LAST_NAME = /^(last|family|sur)name$|^lname$|^last$/;
const COMPANY = /company|account|organi[sz]ation|^org|business|employer|firm|vendor|customer/;
const NOT_A_PERSON = /^(user|file|host|domain|display|nick|screen|class|type|field|table|index)name$/;
const STREET = /^(street|address|addr|addressline\d?|line\d|address\d|street\d?)$/;
const CITY = /^(city|town|locality)$/;
const ZIP = /^(zip|zipcode|postal|postalcode|postcode)$/;
const PHONE = /phone|mobile|^tel$|telephone|^fax$|cell/;
const COARSE_PLACE = /^(country|countrycode|state|region|province)$/;

function normalised(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The last key of a path, and whether any of its ancestors is an address. */
function keys(path: string): { key: string; underAddress: boolean } {
  const parts = path.replace(/\[\]/g, '').split('.');
  const key = normalised(parts[parts.length - 1] ?? path);
  const underAddress = parts.slice(0, -1).some((p) => /address|addr|location|residence/.test(normalised(p)));
  return { key, underAddress };
}

/** The personal kind a path's strings have, by its name or its values; undefined when none. */
function personalKind(
  p: PathProfile,
  path: string,
  collection: string,
): TextKind | 'phone' | 'zip' | undefined {
  const { key, underAddress } = keys(path);
  // A bare `name` of an accounts (companies, organisations...) collection is a company's.
  const companies = COMPANY.test(normalised(collection));
  const strings = p.stringCount || 1;
  if (PHONE.test(key)) return 'phone';
  if (FIRST_NAME.test(key)) return 'firstName';
  if (LAST_NAME.test(key)) return 'lastName';
  if (ZIP.test(key)) return 'zip';
  if (CITY.test(key)) return 'city';
  if (STREET.test(key) || (underAddress && !COARSE_PLACE.test(key))) return 'street';
  const company = COMPANY.test(key) || (companies && (key === 'name' || key === 'title'));
  if (key.endsWith('name') && !NOT_A_PERSON.test(key)) return company ? 'company' : 'personName';
  if (p.streetLike / strings >= 0.5) return 'street';
  if (p.nameLike / strings >= 0.5) return company ? 'company' : 'personName';
  return undefined;
}

/** The field specs of a profile, and the categories kept from it. */
export function classify(
  profile: CollectionProfile,
  context: ClassifyContext,
): { fields: FieldSpecs; kept: KeptCategories[] } {
  const fields: Record<string, FieldSpec> = {};
  const kept: KeptCategories[] = [];
  for (const [path, p] of profile.paths) {
    if (context.skip.has(path.split(/[.[]/)[0]!)) continue;
    const spec = fieldSpec(p, path, context, kept);
    if (spec) fields[path] = spec;
  }
  return { fields, kept };
}

function fieldSpec(
  p: PathProfile,
  path: string,
  context: ClassifyContext,
  kept: KeptCategories[],
): FieldSpec | undefined {
  const types = typeMix(p);
  if (Object.keys(types).length === 0) return undefined;
  const presence = path.endsWith('[]') ? 1 : round(p.presence, 4);
  if (path === context.tenantField) return { presence, types, tenant: true };
  const reference = context.references.get(path);
  const spec: {
    -readonly [K in keyof FieldSpec]: FieldSpec[K];
  } = { presence, types };
  if (reference?.kind === 'link') spec.link = reference.link;
  if (reference?.kind === 'parent') spec.parent = reference.collection;
  const keep = (values: readonly (readonly [string | number, number])[]): void => {
    kept.push({ collection: context.collection, path, values });
  };
  const unique = context.uniqueIndexes.has(path);
  const numeric =
    types.int !== undefined ||
    types.double !== undefined ||
    types.long !== undefined ||
    types.decimal !== undefined;
  if (numeric && reference === undefined) {
    const number = numberSpec(p, keep);
    if (types.int !== undefined) spec.int = number;
    if (types.double !== undefined) spec.double = number;
    if (types.long !== undefined) spec.long = number;
    if (types.decimal !== undefined) spec.decimal = number;
  }
  if (types.date !== undefined) spec.date = { days: daysOf(p.dates.quantiles(), context.refMs) };
  if (types.bool !== undefined) spec.bool = { trueShare: round(p.trues / (p.bools || 1), 4) };
  if (types.array !== undefined) spec.array = { lengths: lengthsOf(p) };
  if (types.string !== undefined) {
    const string = stringSpec(p, path, context, keep, unique);
    spec.string = string.spec;
    if (string.unique) spec.unique = true;
  }
  if (unique) spec.unique = true;
  return spec;
}

/** The type mix, rounded, without the types no value can be made of (binary, code, ...). */
function typeMix(p: PathProfile): Partial<Record<ValueType, number>> {
  const known = VALUE_TYPES.flatMap((t) => {
    const w = p.types[t];
    return w === undefined || w <= 0 ? [] : [[t, w] as const];
  });
  const total = known.reduce((s, [, w]) => s + w, 0);
  return Object.fromEntries(known.map(([t, w]) => [t, round(w / total, 4)]));
}

function numberSpec(
  p: PathProfile,
  keep: (values: readonly (readonly [number, number])[]) => void,
): NumberSpec {
  const categories = categoriesOf(p.numberCounts, MAX_NUMBER_CATEGORIES);
  if (categories) {
    keep(categories);
    return { values: weights(categories) };
  }
  return { quantiles: p.numbers.quantiles(p.decimals), decimals: p.decimals };
}

/**
 * A path's values as categories: at most `max` distinct ones, those seen K_ANONYMITY times
 * covering CATEGORY_COVERAGE of all it holds; undefined when they do not.
 */
function categoriesOf<T>(counts: ValueCounts<T>, max: number): [T, number][] | undefined {
  if (counts.overflow || counts.counts.size > max) return undefined;
  const frequent = counts.frequent(K_ANONYMITY);
  const covered = frequent.reduce((s, [, n]) => s + n, 0);
  return frequent.length > 0 && covered >= CATEGORY_COVERAGE * counts.total ? frequent : undefined;
}

function weights<T>(counts: readonly (readonly [T, number])[]): Weighted<T> {
  const total = counts.reduce((s, [, n]) => s + n, 0) || 1;
  return counts.map(([v, n]) => [v, round(n / total, 4)] as const);
}

function daysOf(msQuantiles: Quantiles, refMs: number): Quantiles {
  return msQuantiles.map(([q, ms]) => [q, round((ms - refMs) / DAY_MS, 4)] as const);
}

/** Array lengths seen at least K_ANONYMITY times, with their weights (the rarer ones dropped). */
function lengthsOf(p: PathProfile): Weighted<number> {
  const frequent = p.lengths.frequent(K_ANONYMITY).sort((a, b) => a[0] - b[0]);
  return frequent.length > 0 ? weights(frequent) : [[0, 1]];
}

function stringSpec(
  p: PathProfile,
  path: string,
  context: ClassifyContext,
  keep: (values: readonly (readonly [string, number])[]) => void,
  uniqueIndex: boolean,
): { spec: StringSpec; unique: boolean } {
  const strings = p.stringCount || 1;
  const share = (format: string): number => (p.formats.get(format as never) ?? 0) / strings;
  const averageLength =
    p.stringLengths.count === 0 ? 0 : sum(p.stringLengths.sorted()) / p.stringLengths.count;
  const averageWords = p.words / strings;
  const personal = personalKind(p, path, context.collection);
  const seenUnique = !p.stringHashes.repeated && !p.stringHashes.overflow && p.stringCount >= UNIQUE_MIN;
  const lengths = p.stringLengths.quantiles(0);
  const freeText = averageLength > TEXT_LENGTH || averageWords > TEXT_WORDS;
  const formatted = ['email', 'url', 'uuid', 'phone', 'isoDate'].some((f) => share(f) >= FORMAT_SHARE);

  if (personal === undefined && !formatted && !freeText && !seenUnique) {
    const categories = categoriesOf(p.strings, MAX_CATEGORIES);
    if (categories) {
      keep(categories);
      return { spec: { kind: 'category', values: weights(categories) }, unique: false };
    }
  }
  const unique = uniqueIndex || seenUnique;
  if (share('isoDate') >= FORMAT_SHARE) {
    const shape = p.isoShapes.frequent(1)[0]?.[0] ?? 'millisecond';
    return {
      spec: { kind: 'isoDate', shape, days: daysOf(p.isoDates.quantiles(), context.refMs) },
      unique: false,
    };
  }
  if (share('email') >= FORMAT_SHARE) return { spec: { kind: 'email' }, unique };
  if (share('uuid') >= FORMAT_SHARE) return { spec: { kind: 'uuid' }, unique };
  if (share('url') >= FORMAT_SHARE) return { spec: { kind: 'url' }, unique: false };
  if (
    personal === 'phone' ||
    personal === 'zip' ||
    share('phone') >= FORMAT_SHARE ||
    share('numeric') >= FORMAT_SHARE
  ) {
    return {
      spec: { kind: 'shape', shapes: shapesOf(p, personal === 'zip' ? 'ddddd' : 'ddd-ddd-dddd') },
      unique,
    };
  }
  if (personal !== undefined) return { spec: { kind: personal, lengths }, unique: false };
  if (freeText) return { spec: { kind: 'sentence', lengths }, unique: false };
  const shapes = p.shapes.frequent(K_ANONYMITY);
  const covered = shapes.reduce((s, [, n]) => s + n, 0);
  if (
    !p.shapes.overflow &&
    shapes.length > 0 &&
    shapes.length <= MAX_CATEGORIES &&
    covered >= 0.5 * p.shapes.total
  ) {
    return { spec: { kind: 'shape', shapes: weights(shapes) }, unique };
  }
  return { spec: { kind: 'word', lengths }, unique };
}

/** The shapes seen at least K_ANONYMITY times (a shape is no one's value), or a fallback. */
function shapesOf(p: PathProfile, fallback: string): Weighted<string> {
  const frequent = p.shapes.frequent(K_ANONYMITY).slice(0, MAX_CATEGORIES);
  return frequent.length > 0 ? weights(frequent) : [[fallback, 1]];
}

function sum(values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
