import { ConfigError } from '../errors';

/**
 * Value parsers of option tables (the engine's settings, every dataset's options), shared by
 * every configuration source. Each accepts the raw shape a source
 * gives (env vars and flags give strings, a JSON config file gives numbers and booleans)
 * and carries the human description of what is allowed, used in error messages.
 *
 * Hand-written rather than zod schemas: these run on every `migrate-mongo up`, and loading
 * zod cost ~37 ms of its start-up (docs/performance.md, "Start-up"); zod stays for the
 * datasets' document schemas, which only verify and import load.
 */
export interface OptionType<T> {
  readonly allowed: string;
  /** The value, or why not: `reason` is what the value's own check said, when it says more than "not allowed". */
  parse(raw: unknown): Parsed<T>;
}

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason?: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (reason?: string): Parsed<never> =>
  reason === undefined ? { ok: false } : { ok: false, reason };
const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** 10000000 -> "10,000,000" without toLocaleString, which starts ICU at load (~15 ms of start-up). */
const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

const trimmed = (v: unknown): unknown => (typeof v === 'string' ? v.trim() : v);

/** A number as JSON has them: NaN and the infinities are not values of any setting. */
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function integer(min: number, max: number): OptionType<number> {
  return {
    allowed: `an integer from ${grouped(min)} to ${grouped(max)}`,
    parse(raw) {
      const v = typeof raw === 'string' && /^[-+]?\d+$/.test(raw.trim()) ? Number(raw) : raw;
      return isFiniteNumber(v) && Number.isInteger(v) && v >= min && v <= max ? ok(v) : bad();
    },
  };
}

export function share(): OptionType<number> {
  return {
    allowed: 'a number from 0 to 1',
    parse(raw) {
      const v = typeof raw === 'string' && /^\d*\.?\d+$/.test(raw.trim()) ? Number(raw) : raw;
      return isFiniteNumber(v) && v >= 0 && v <= 1 ? ok(v) : bad();
    },
  };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * The instants every stored time must lie in: the CRM stores `YYYY-MM-DDTHH:mm:ss.sssZ`
 * (Date's toISOString), which only years 0000-9999 have (others get a sign and six digits,
 * which the app's parser, Python's fromisoformat, and the tool's own verify reject), and
 * nothing in a CRM predates 1970.
 */
export const EARLIEST_TIME = Date.UTC(1970, 0, 1);
export const LATEST_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
export const TIME_RANGE = '1970-01-01T00:00:00.000Z .. 9999-12-31T23:59:59.999Z';

export function isoDate(): OptionType<Date> {
  return {
    allowed: 'an ISO date such as 2025-10-10 or 2025-10-10T14:30:00Z, from 1970 to 9999',
    parse(raw) {
      // A Date from code (seed-file options, seedCalls) is taken as the instant it is.
      const v = raw instanceof Date && !Number.isNaN(raw.getTime()) ? raw.toISOString() : trimmed(raw);
      if (typeof v !== 'string') return bad();
      if (/^[+-]\d{6}-/.test(v)) return bad(`outside ${TIME_RANGE}`);
      if (!isCalendarDate(v)) return bad('no such day or time');
      if (!ISO_DATE.test(v)) return bad();
      const date = new Date(/T/.test(v) && !/(Z|[+-]\d{2}:\d{2})$/.test(v) ? `${v}Z` : v);
      if (Number.isNaN(date.getTime())) return bad();
      const ms = date.getTime();
      return ms < EARLIEST_TIME || ms > LATEST_TIME ? bad(`outside ${TIME_RANGE}`) : ok(date);
    },
  };
}

/**
 * One line when a dataset's generated times, `from` .. `to` (ms), would leave the times the CRM
 * can store: `what` names the settings that place them, `allowed` the values that would fit.
 */
export function checkGeneratedTimes(from: number, to: number, what: string, allowed: string): void {
  if (from >= EARLIEST_TIME && to <= LATEST_TIME) return;
  const edge = from < EARLIEST_TIME ? `as early as ${isoOf(from)}` : `as late as ${isoOf(to)}`;
  throw new ConfigError(
    `${what} would generate times ${edge}; every generated time must lie in ${TIME_RANGE} (stored as YYYY-MM-DDTHH:mm:ss.sssZ): ${allowed}`,
  );
}

const isoOf = (ms: number): string => {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
};

/** Date.parse rolls 2025-02-30 over to March 2nd; a typo in a date must be an error instead. */
function isCalendarDate(s: string): boolean {
  const [y, m, d, hh = 0, mm = 0, ss = 0] = (s.match(/\d+/g) ?? []).map(Number);
  if (y === undefined || m === undefined || d === undefined) return false;
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCMonth() === m - 1 && day.getUTCDate() === d && hh <= 23 && mm <= 59 && ss <= 59;
}

const BOOLEAN_WORDS = new Map([
  ['1', true],
  ['true', true],
  ['0', false],
  ['false', false],
]);

export function boolean(): OptionType<boolean> {
  return {
    allowed: '1, 0, true or false',
    parse(raw) {
      // A Map, not an object literal: "constructor" must not find Object's own member.
      const v = typeof raw === 'string' ? BOOLEAN_WORDS.get(raw.trim()) : raw;
      return typeof v === 'boolean' ? ok(v) : bad();
    },
  };
}

export function name(what: string, dots = true): OptionType<string> {
  const pattern = dots ? /^[A-Za-z0-9_.-]{1,63}$/ : /^[A-Za-z0-9_-]{1,63}$/;
  return {
    allowed: `a ${what} of 1-63 letters, digits, '_'${dots ? ", '.'" : ''} or '-'`,
    parse(raw) {
      const v = trimmed(raw);
      return typeof v === 'string' && pattern.test(v) ? ok(v) : bad();
    },
  };
}

export function regexSource(): OptionType<RegExp> {
  return {
    allowed: 'a valid regular expression',
    parse(raw) {
      const v = raw instanceof RegExp ? raw.source : trimmed(raw);
      if (typeof v !== 'string' || v.length === 0) return bad();
      try {
        return ok(new RegExp(v, 'i'));
      } catch (err) {
        return bad(messageOf(err));
      }
    },
  };
}

/** A list of non-empty strings: a JSON array in a file, comma-separated in env vars and flags. */
export function stringList(): OptionType<string[]> {
  return {
    allowed: 'a non-empty list of non-empty strings',
    parse(raw) {
      const v = typeof raw === 'string' ? raw.split(',') : raw;
      if (!Array.isArray(v) || v.length < 1 || v.length > 1000) return bad();
      const items: string[] = [];
      for (const item of v as unknown[]) {
        if (typeof item !== 'string') return bad();
        const s = item.trim();
        if (s.length < 1 || s.length > 200) return bad();
        items.push(s);
      }
      return ok(items);
    },
  };
}

export function oneOf<const T extends string>(values: readonly [T, ...T[]]): OptionType<T> {
  const known = new Set<string>(values);
  return {
    allowed: `one of ${values.join(', ')}`,
    parse(raw) {
      const v = trimmed(raw);
      return typeof v === 'string' && known.has(v) ? ok(v as T) : bad();
    },
  };
}

/** A number from min to max (fractions allowed). */
export function number(min: number, max: number): OptionType<number> {
  return {
    allowed: `a number from ${grouped(min)} to ${grouped(max)}`,
    parse(raw) {
      const v = typeof raw === 'string' && /^[-+]?(\d+\.?\d*|\.\d+)$/.test(raw.trim()) ? Number(raw) : raw;
      return isFiniteNumber(v) && v >= min && v <= max ? ok(v) : bad();
    },
  };
}

/** The option types a dataset's options table uses: `{ type: optionTypes.integer(1, 1000), default: 10 }`. */
export const optionTypes = {
  integer,
  number,
  share,
  date: isoDate,
  boolean,
  oneOf,
  list: stringList,
  name,
  pattern: regexSource,
} as const;
