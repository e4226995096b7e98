import { closest, distance } from 'fastest-levenshtein';

/**
 * "; did you mean X?" for a name one or two edits (or a third of its length) from a known
 * one, else undefined. fastest-levenshtein: small, maintained, no dependencies.
 */
export function didYouMean(name: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const best = closest(name, [...known]);
  const edits = distance(name, best);
  return edits > 0 && edits <= Math.max(2, Math.floor(name.length / 3))
    ? `; did you mean ${best}?`
    : undefined;
}
