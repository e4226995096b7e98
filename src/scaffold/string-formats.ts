import type { IsoShape } from './field-spec';

/** The formats a string may carry, told by its text alone. */
export type StringFormat = 'isoDate' | 'numeric' | 'email' | 'phone' | 'url' | 'uuid';

export const STRING_FORMATS: readonly StringFormat[] = [
  'isoDate',
  'numeric',
  'email',
  'phone',
  'url',
  'uuid',
];

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const NUMERIC = /^[+-]?\d+(\.\d+)?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
const PHONE = /^\+?[\d\s().-]{7,24}$/;
const URL = /^(https?|ftp):\/\/[^\s/$.?#][^\s]*$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The format of one string, if it has one of STRING_FORMATS. */
export function formatOf(s: string): StringFormat | undefined {
  if (s.length < 1 || s.length > 2048) return undefined;
  const c = s.charCodeAt(0);
  if (c >= 48 && c <= 57 && ISO.test(s) && !Number.isNaN(isoMs(s))) return 'isoDate';
  if (NUMERIC.test(s)) return 'numeric';
  if (UUID.test(s)) return 'uuid';
  if (s.includes('@') && EMAIL.test(s)) return 'email';
  if (URL.test(s)) return 'url';
  if (PHONE.test(s) && digitCount(s) >= 7) return 'phone';
  return undefined;
}

function digitCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** How precisely an ISO string tells its time. */
export function isoShapeOf(s: string): IsoShape {
  const m = ISO.exec(s);
  if (!m?.[4]) return 'day';
  return m[7] ? 'millisecond' : 'second';
}

/** An ISO string as milliseconds since the epoch (a day alone is that day's UTC midnight). */
export function isoMs(s: string): number {
  const m = ISO.exec(s);
  if (m && !m[4]) return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Date.parse(m && !m[8] ? `${s}Z` : s);
}

/**
 * The shape of a string: each digit `d`, each uppercase letter `A`, each other letter (of any
 * script) `a`; punctuation, spaces and symbols stay. A shape names no one.
 */
export function shapeOf(s: string): string {
  // A loop over char codes for ASCII (a regex with a callback per character took most of the
  // profile's time), the Unicode classes for the rest.
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) out += 'd';
    else if (c >= 97 && c <= 122) out += 'a';
    else if (c >= 65 && c <= 90) out += 'A';
    else if (c < 128) out += s[i]!;
    else {
      const ch = String.fromCodePoint(s.codePointAt(i)!);
      if (ch.length === 2) i++;
      out += /\p{N}/u.test(ch) ? 'd' : /\p{Lu}/u.test(ch) ? 'A' : /\p{L}/u.test(ch) ? 'a' : ch;
    }
  }
  return out;
}

/** Two to four capitalised words of letters: how a person's (or a company's) name looks. */
const NAME_LIKE = /^\p{Lu}[\p{L}'’-]*\.?( \p{Lu}[\p{L}'’-]*\.?){1,3}$/u;
/** A house number, then words: how a street address looks. */
const STREET_LIKE = /^\d+[A-Za-z]?,? \p{L}[\p{L}\d .'-]*$/u;

export function looksLikeName(s: string): boolean {
  return s.length <= 60 && NAME_LIKE.test(s);
}

export function looksLikeStreet(s: string): boolean {
  return s.length <= 80 && STREET_LIKE.test(s);
}

export function wordCount(s: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const space = c === 32 || (c >= 9 && c <= 13);
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}
