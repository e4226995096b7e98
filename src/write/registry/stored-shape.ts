/**
 * Checks of the seed's own state documents (the lock, registry entries) as read back: checked
 * like user input, since removal and takeover trust them. Hand-written rather than zod: they
 * run on every `up`/`down`, and loading zod cost ~37 ms of its start-up (docs/performance.md).
 * Fields not named are let through, as stored.
 */

/** The first problem found: where (a path such as `collections.0.first`) and what. */
export interface ShapeProblem {
  readonly path: string;
  readonly message: string;
}

/** Undefined when the value fits; else what is wrong with it, relative to the value. */
export type Check = (
  value: unknown,
) => { readonly path: readonly (string | number)[]; readonly message: string } | undefined;

const kindOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : v instanceof Date ? 'Date' : typeof v;

const wrong = (what: string, v: unknown) => ({ path: [], message: `expected ${what}, got ${kindOf(v)}` });

export const string =
  (minLength = 0): Check =>
  (v) =>
    typeof v !== 'string'
      ? wrong('a string', v)
      : v.length < minLength
        ? { path: [], message: 'empty' }
        : undefined;

export const literal =
  (value: string): Check =>
  (v) =>
    v === value ? undefined : { path: [], message: `expected ${JSON.stringify(value)}` };

export const oneOf =
  (values: readonly string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v)
      ? undefined
      : { path: [], message: `expected one of ${values.join(', ')}` };

export const finite: Check = (v) =>
  typeof v === 'number' && Number.isFinite(v) ? undefined : wrong('a number', v);

export const integer =
  (min = Number.MIN_SAFE_INTEGER): Check =>
  (v) =>
    !Number.isSafeInteger(v)
      ? wrong('an integer', v)
      : (v as number) < min
        ? { path: [], message: `below ${min}` }
        : undefined;

export const boolean: Check = (v) => (typeof v === 'boolean' ? undefined : wrong('a boolean', v));

export const date: Check = (v) =>
  v instanceof Date && !Number.isNaN(v.getTime()) ? undefined : wrong('a valid date', v);

/** Any of the checks; the message of none. */
export const either =
  (what: string, ...checks: readonly Check[]): Check =>
  (v) =>
    checks.some((check) => check(v) === undefined) ? undefined : wrong(what, v);

export const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined ? undefined : check(v);

export const arrayOf =
  (check: Check): Check =>
  (v) => {
    if (!Array.isArray(v)) return wrong('an array', v);
    for (const [i, item] of v.entries()) {
      const problem = check(item);
      if (problem) return { path: [i, ...problem.path], message: problem.message };
    }
    return undefined;
  };

/** An object with these fields, checked in order (others let through). */
export const object =
  (shape: Readonly<Record<string, Check>>): Check =>
  (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return wrong('an object', v);
    for (const [key, check] of Object.entries(shape)) {
      const problem = check((v as Record<string, unknown>)[key]);
      if (problem) return { path: [key, ...problem.path], message: problem.message };
    }
    return undefined;
  };

/** The first problem of a document, or undefined when it fits. */
export function shapeProblem(check: Check, doc: unknown): ShapeProblem | undefined {
  const problem = check(doc);
  return problem && { path: problem.path.join('.') || 'document', message: problem.message };
}
