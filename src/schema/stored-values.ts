/**
 * How the seed reads values the app stored, whatever BSON type they were stored as: the links
 * (src/write/linked-records.ts) and verify (src/inspect/) must agree on what an id is. Driver values are recognised by shape (`_bsontype`), never by
 * instanceof: the Db may come from another copy of the driver.
 */

/** What an `id` field holds, read exactly. */
export type IdReading =
  /** A positive integer JavaScript holds exactly (1 to Number.MAX_SAFE_INTEGER): a usable id. */
  | { readonly kind: 'id'; readonly id: number }
  /** A positive integer above Number.MAX_SAFE_INTEGER: its exact value, as text. */
  | { readonly kind: 'beyond'; readonly text: string }
  /** Anything else: missing, text, fractional, zero or negative, not a number at all. */
  | { readonly kind: 'none' };

const NONE: IdReading = { kind: 'none' };

/**
 * An id as the app stores it: a double, an Int32 or a Long (any of them as the driver hands it
 * over: a number, a bigint with useBigInt64, a Long object for values past 2^53 or with
 * promoteLongs off). The same rule as a schema's `z.number().int().positive()`.
 */
export function readId(value: unknown): IdReading {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return value >= 1 ? { kind: 'id', id: value } : NONE;
    // A double past 2^53 is an integer, but not necessarily the one that was meant.
    return Number.isInteger(value) && value > 0 ? { kind: 'beyond', text: String(value) } : NONE;
  }
  if (typeof value === 'bigint') return readBigInt(value);
  const bsonType = bsonTypeOf(value);
  if (bsonType === 'Int32' || bsonType === 'Double') return readId((value as { value: unknown }).value);
  if (bsonType === 'Long') return readBigInt(longValue(value));
  return NONE;
}

function readBigInt(value: bigint): IdReading {
  if (value < 1n) return NONE;
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) return { kind: 'beyond', text: value.toString() };
  return { kind: 'id', id: Number(value) };
}

/** A BSON Long's exact value (its toString is the decimal number). */
export function longValue(value: unknown): bigint {
  return BigInt((value as { toString(): string }).toString());
}

export function bsonTypeOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null
    ? (value as { _bsontype?: unknown })._bsontype
    : undefined;
}
