import type { Problem } from './verify-types';

/** Orders example lines with numbers by value ("id 9" before "id 10"). */
const byText = new Intl.Collator('en', { numeric: true }).compare;

/**
 * Counts problems and keeps the `keep` lowest lines in that order, not the first met: the
 * order a scan meets documents in is the server's natural order, which differs between servers.
 */
export function collector(keep: number): { add(line: string): void; result(): Problem } {
  let count = 0;
  const examples: string[] = [];
  return {
    add(line) {
      count++;
      if (examples.length === keep && (keep === 0 || byText(line, examples[keep - 1]!) >= 0)) return;
      let at = examples.length;
      while (at > 0 && byText(line, examples[at - 1]!) < 0) at--;
      examples.splice(at, 0, line);
      if (examples.length > keep) examples.pop();
    },
    result: () => ({ count, examples }),
  };
}
