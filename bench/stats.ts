/** Middle value (mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Items per second. */
export function perSecond(items: number, ms: number): number {
  return (items * 1000) / Math.max(ms, 0.001);
}

/** Wall time of fn in milliseconds, with its result. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/**
 * Both measurements of a pair, the first one first on even repetitions, second first on odd
 * ones, so that neither side always runs in the other's wake. Results in argument order.
 */
export async function inOrder<A, B>(rep: number, a: () => Promise<A>, b: () => Promise<B>): Promise<[A, B]> {
  if (rep % 2 === 0) {
    const first = await a();
    return [first, await b()];
  }
  const second = await b();
  return [await a(), second];
}

/**
 * Three or more measurements of one round, run in an order rotated by one each round, so that
 * each runs first, second, ... equally often. Results in argument order.
 */
export async function rotated<T extends readonly unknown[]>(
  round: number,
  fns: { readonly [K in keyof T]: () => Promise<T[K]> },
): Promise<T> {
  const all = fns as readonly (() => Promise<unknown>)[];
  const results: unknown[] = new Array<unknown>(all.length);
  for (let k = 0; k < all.length; k++) {
    const i = (k + round) % all.length;
    results[i] = await all[i]!();
  }
  return results as unknown as T;
}
