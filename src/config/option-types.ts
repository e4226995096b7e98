import { MongoClient } from 'mongodb';
import { z } from 'zod';

/**
 * Value parsers shared by every configuration source. Each accepts the raw shape a source
 * gives (env vars and flags give strings, a JSON config file gives numbers and booleans)
 * and carries the human description of what is allowed, used in error messages.
 */
export interface OptionType<T> {
  readonly allowed: string;
  readonly schema: z.ZodType<T>;
}

/** 10000000 -> "10,000,000" without toLocaleString, which starts ICU at load (~15 ms of start-up). */
const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

const trimmed = (v: unknown): unknown => (typeof v === 'string' ? v.trim() : v);

export function integer(min: number, max: number): OptionType<number> {
  return {
    allowed: `an integer from ${grouped(min)} to ${grouped(max)}`,
    schema: z.preprocess(
      (v) => (typeof v === 'string' && /^[-+]?\d+$/.test(v.trim()) ? Number(v) : v),
      z.number().int().min(min).max(max),
    ),
  };
}

export function share(): OptionType<number> {
  return {
    allowed: 'a number from 0 to 1',
    schema: z.preprocess(
      (v) => (typeof v === 'string' && /^\d*\.?\d+$/.test(v.trim()) ? Number(v) : v),
      z.number().min(0).max(1),
    ),
  };
}

export function isoDate(): OptionType<Date> {
  return {
    allowed: 'an ISO date such as 2025-10-10 or 2025-10-10T14:30:00Z',
    schema: z.preprocess(
      // A Date from code (seed-file options, seedCalls) is taken as the instant it is.
      (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString() : trimmed(v)),
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/)
        .refine(isCalendarDate, 'no such day or time')
        .transform((s) => new Date(/T/.test(s) && !/(Z|[+-]\d{2}:\d{2})$/.test(s) ? `${s}Z` : s))
        .refine((d) => !Number.isNaN(d.getTime())),
    ),
  };
}

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
    schema: z.preprocess(
      // A Map, not an object literal: "constructor" must not find Object's own member.
      (v) => (typeof v === 'string' ? BOOLEAN_WORDS.get(v.trim()) : v),
      z.boolean(),
    ),
  };
}

export function name(what: string, dots = true): OptionType<string> {
  return {
    allowed: `a ${what} of 1-63 letters, digits, '_'${dots ? ", '.'" : ''} or '-'`,
    schema: z.preprocess(
      trimmed,
      z.string().regex(dots ? /^[A-Za-z0-9_.-]{1,63}$/ : /^[A-Za-z0-9_-]{1,63}$/),
    ),
  };
}

export function mongoUrl(): OptionType<string> {
  return {
    allowed: 'a connection string starting with mongodb:// or mongodb+srv://',
    schema: z.preprocess(
      trimmed,
      z
        .string()
        .regex(/^mongodb(\+srv)?:\/\/[^\s/]+/)
        .superRefine((url, ctx) => {
          // The driver's own parser, so a bad port, option or unescaped '@' in the password is a
          // configuration error here, not a driver stack trace later. Nothing connects yet.
          try {
            new MongoClient(url);
          } catch (err) {
            ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err) });
          }
        }),
    ),
  };
}

export function regexSource(): OptionType<RegExp> {
  return {
    allowed: 'a valid regular expression',
    schema: z.preprocess(
      (v) => (v instanceof RegExp ? v.source : trimmed(v)),
      z
        .string()
        .min(1)
        .transform((s, ctx) => {
          try {
            return new RegExp(s, 'i');
          } catch (err) {
            ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : 'invalid' });
            return z.NEVER;
          }
        }),
    ),
  };
}

/** A list of non-empty strings: a JSON array in a file, comma-separated in env vars and flags. */
export function stringList(): OptionType<string[]> {
  return {
    allowed: 'a non-empty list of non-empty strings',
    schema: z.preprocess(
      (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()) : v),
      z.array(z.string().trim().min(1).max(200)).min(1).max(1000),
    ),
  };
}

export function oneOf<const T extends string>(values: readonly [T, ...T[]]): OptionType<T> {
  return { allowed: `one of ${values.join(', ')}`, schema: z.preprocess(trimmed, z.enum(values)) };
}
