import { isDeepStrictEqual } from 'node:util';

/**
 * Reads until two reads `intervalMs` apart agree, and returns that value: writes a killed
 * process had already sent may still land after it is gone.
 */
export async function untilSteady<T>(read: () => Promise<T>, intervalMs: number): Promise<T> {
  let last = await read();
  for (;;) {
    await new Promise((r) => setTimeout(r, intervalMs));
    const now = await read();
    if (isDeepStrictEqual(now, last)) return now;
    last = now;
  }
}
