import { createRandom } from '../dataset/random-source';
import type { RandomSource } from '../dataset/random-source';
import type { Quantiles } from './field-spec';

/**
 * The streaming statistics mongodb-schema does not keep, each of bounded size whatever the
 * sample: a reservoir for quantiles, value counts up to a cap for categories, 53-bit hashes
 * up to a cap for uniqueness. Deterministic (a fixed-seed reservoir), so the same sample gives
 * the same module byte for byte. docs/scaffold.md says why these rather than a library.
 */

/** Values kept for quantiles: exact up to this many, a uniform reservoir sample beyond. */
export const RESERVOIR_SIZE = 10_000;
/** Distinct values counted for category candidates; past it the path is not a category. */
export const DISTINCT_CAP = 1_000;
/** Hashes kept to tell a unique path; past it uniqueness is unknown (only a unique index says). */
export const UNIQUE_CAP = 200_000;
/** The quantile points written for numbers and dates. */
export const QUANTILE_POINTS = [0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1] as const;
/** k: a value is written down only as a category seen this often; a quantile averages this many values. */
export const K_ANONYMITY = 5;

/** Algorithm R over numbers, with its own fixed-seed random source. */
export class Reservoir {
  private readonly values: number[] = [];
  private seen = 0;
  private readonly random: RandomSource = createRandom(0x5eed);

  constructor(private readonly size = RESERVOIR_SIZE) {}

  add(x: number): void {
    if (!Number.isFinite(x)) return;
    this.seen++;
    if (this.values.length < this.size) {
      this.values.push(x);
      return;
    }
    const j = Math.floor(this.random.next() * this.seen);
    if (j < this.size) this.values[j] = x;
  }

  get count(): number {
    return this.seen;
  }

  /** The values kept, ascending. */
  sorted(): Float64Array {
    return Float64Array.from(this.values).sort();
  }

  /**
   * Quantiles at QUANTILE_POINTS, each the mean of the K_ANONYMITY kept values nearest its
   * rank: no one document's value is written down. Empty under K_ANONYMITY values.
   */
  quantiles(digits = 6): Quantiles {
    const sorted = this.sorted();
    if (sorted.length < K_ANONYMITY) return [];
    return QUANTILE_POINTS.map((p) => [p, round(anonymousQuantile(sorted, p), digits)] as const);
  }
}

/** The mean of the K_ANONYMITY values of `sorted` nearest rank p. */
export function anonymousQuantile(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  const half = Math.floor(K_ANONYMITY / 2);
  const centre = Math.round(p * (n - 1));
  const from = Math.max(0, Math.min(n - K_ANONYMITY, centre - half));
  let sum = 0;
  for (let i = from; i < from + K_ANONYMITY; i++) sum += sorted[i]!;
  return sum / K_ANONYMITY;
}

/** The plain quantile (linear between ranks), for comparisons. */
export function plainQuantile(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const r = p * (n - 1);
  const lo = Math.floor(r);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (r - lo) * (sorted[hi]! - sorted[lo]!);
}

export function round(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Counts of values up to DISTINCT_CAP distinct ones; `overflow` once a further one was seen. */
export class ValueCounts<K> {
  readonly counts = new Map<K, number>();
  overflow = false;
  total = 0;

  constructor(private readonly cap = DISTINCT_CAP) {}

  add(key: K): void {
    this.total++;
    const n = this.counts.get(key);
    if (n !== undefined) this.counts.set(key, n + 1);
    else if (this.counts.size < this.cap) this.counts.set(key, 1);
    else this.overflow = true;
  }

  /** Values seen at least `k` times, most frequent first (ties in first-seen order). */
  frequent(k: number): [K, number][] {
    return [...this.counts].filter(([, n]) => n >= k).sort((a, b) => b[1] - a[1]);
  }
}

/** Distinct values by 53-bit hash, up to UNIQUE_CAP: tells whether a path repeats a value. */
export class DistinctHashes {
  private readonly hashes = new Set<number>();
  repeated = false;
  overflow = false;

  add(text: string): void {
    if (this.repeated || this.overflow) return;
    const h = hash53(text);
    if (this.hashes.has(h)) this.repeated = true;
    else if (this.hashes.size >= UNIQUE_CAP) this.overflow = true;
    else this.hashes.add(h);
  }

  get size(): number {
    return this.hashes.size;
  }
}

/** A 53-bit hash of text (two FNV-1a variants): collisions among 200,000 values are ~1 in 10^5. */
export function hash53(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0) * 2097152 + ((b >>> 0) & 0x1fffff);
}
