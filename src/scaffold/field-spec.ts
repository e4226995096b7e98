/**
 * What `crm-seed scaffold` infers about one field path, as the generated module writes it and
 * the scaffold runtime (runtime.ts) turns it into values. Data only: every number is a share,
 * a weight, a quantile or a length, never a document's own value, except the kept categories
 * (values seen at least 5 times, never personal data; docs/scaffold.md).
 */

/** The value types a path may hold (BSON's, as the driver reads them). */
export type ValueType =
  | 'string'
  | 'int'
  | 'double'
  | 'bool'
  | 'date'
  | 'objectId'
  | 'long'
  | 'decimal'
  | 'null'
  | 'object'
  | 'array';

export const VALUE_TYPES: readonly ValueType[] = [
  'string',
  'int',
  'double',
  'bool',
  'date',
  'objectId',
  'long',
  'decimal',
  'null',
  'object',
  'array',
];

/** `[value, weight]` pairs: kept categories, array lengths, shapes. Weights sum to 1. */
export type Weighted<T> = readonly (readonly [T, number])[];

/**
 * `[p, value]` pairs, p from 0 to 1 ascending: an inverse cumulative distribution, sampled by
 * linear interpolation between the points. Each value is the mean of the 5 sampled values
 * nearest its rank, so no single document's value is written down.
 */
export type Quantiles = readonly (readonly [number, number])[];

/** Generated text by kind: pools built once per run from a seeded faker, never source values. */
export type TextKind =
  'personName' | 'firstName' | 'lastName' | 'company' | 'street' | 'city' | 'sentence' | 'word';

/** How a string path's values are made. */
export type StringSpec =
  /** Kept categories (each seen at least 5 times in the sample, never personal data), with their weights. */
  | { readonly kind: 'category'; readonly values: Weighted<string> }
  /** ISO timestamps: days relative to the reference date (negative: before), written in `shape`. */
  | { readonly kind: 'isoDate'; readonly shape: IsoShape; readonly days: Quantiles }
  | { readonly kind: 'email' }
  | { readonly kind: 'url' }
  | { readonly kind: 'uuid' }
  /** Digits and punctuation in one of the kept shapes (`d` a digit, `a`/`A` a letter), e.g. phones. */
  | { readonly kind: 'shape'; readonly shapes: Weighted<string> }
  /** Text of a kind, its length drawn from `lengths`. */
  | { readonly kind: TextKind; readonly lengths: Quantiles };

/** ISO shapes: a day, a time to the second, or to the millisecond (always UTC, `Z`). */
export type IsoShape = 'day' | 'second' | 'millisecond';

/** How numbers are made: kept categories, or quantiles rounded to `decimals`. */
export type NumberSpec =
  { readonly values: Weighted<number> } | { readonly quantiles: Quantiles; readonly decimals: number };

/** One field path's spec. */
export interface FieldSpec {
  /** Share of the parent documents (or array elements) that have the field, null included. */
  readonly presence: number;
  /** The mix of types among the values present; weights sum to 1. */
  readonly types: Readonly<Partial<Record<ValueType, number>>>;
  readonly string?: StringSpec | undefined;
  readonly int?: NumberSpec | undefined;
  readonly double?: NumberSpec | undefined;
  readonly long?: NumberSpec | undefined;
  readonly decimal?: NumberSpec | undefined;
  /** Dates: days relative to the reference date. */
  readonly date?: { readonly days: Quantiles } | undefined;
  /** Booleans: the share of `true`. */
  readonly bool?: { readonly trueShare: number } | undefined;
  /** Arrays: their length distribution; the elements are the path `<path>[]`. */
  readonly array?: { readonly lengths: Weighted<number> } | undefined;
  /** Every value differs within a batch (a unique index, or no repeat in the sample). */
  readonly unique?: boolean | undefined;
  /** Points at a live record of this link of the dataset (int and objectId values). */
  readonly link?: string | undefined;
  /** Points at a document of this collection made earlier in the same batch (int and objectId values). */
  readonly parent?: string | undefined;
  /** The tenant field: every document gets the run's tenant. */
  readonly tenant?: boolean | undefined;
}

/** A collection's field specs by path: `a`, `a.b` (nested), `tags[]` (array elements), `items[].sku`. */
export type FieldSpecs = Readonly<Record<string, FieldSpec>>;
