const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Days kept per formatter; a days window needs ~40, an explicit from/to range at most this many. */
const MAX_CACHED_DAYS = 20_000;

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

/** "HH:MM:" for every minute of a day. */
const MINUTE_LABELS: readonly string[] = Array.from(
  { length: 24 * 60 },
  (_, m) => `${pad2(Math.floor(m / 60))}:${pad2(m % 60)}:`,
);

/**
 * Returns a formatter equal to `new Date(ms).toISOString()` but ~10x cheaper: Date's
 * formatting costs ~0.5 µs, three of them per call were a third of generation time. The
 * "YYYY-MM-DDT" part is cached per day (generated times fall on a few dozen days) and the
 * time of day comes from a table; seconds and milliseconds are almost always zero.
 */
export function createIsoFormatter(): (ms: number) => string {
  const dayPrefixes = new Map<number, string>();
  return (ms) => {
    const day = Math.floor(ms / DAY);
    let prefix = dayPrefixes.get(day);
    if (prefix === undefined) {
      // Date's own output for midnight minus "00:00:00.000Z": also right for extended years.
      prefix = new Date(day * DAY).toISOString().slice(0, -13);
      if (dayPrefixes.size >= MAX_CACHED_DAYS) dayPrefixes.clear();
      dayPrefixes.set(day, prefix);
    }
    const ofDay = ms - day * DAY;
    const minute = Math.floor(ofDay / MINUTE);
    const rest = ofDay - minute * MINUTE;
    const tail = rest === 0 ? '00.000Z' : `${pad2(Math.floor(rest / 1000))}.${pad3(rest % 1000)}Z`;
    return prefix + (MINUTE_LABELS[minute] as string) + tail;
  };
}
