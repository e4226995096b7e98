import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { CsvError, parse } from 'csv-parse';
import { ConfigError } from '../errors';
import { restoreCell } from './csv-text';
import { fileError } from './file-errors';
import type { FileFormat } from './file-format';

/** One record of an input file with the line it starts on, or why that line is not a record. */
export type FileRow =
  | { readonly line: number; readonly row: Record<string, unknown> }
  | { readonly line: number; readonly error: string };

/**
 * Streams the records of a JSONL or CSV file, one at a time, so a file of any size is read
 * in constant memory. A line that is not a record (bad JSON, wrong number of CSV fields) is
 * yielded as an error so the caller can report every bad line, not just the first; a file
 * that cannot be read or parsed any further (missing file, unclosed CSV quote) throws.
 * CSV cells are strings; an empty cell counts as an absent field, and a cell the writer
 * neutralised against spreadsheet formulas (csv-text.ts: a leading `'`) is restored.
 */
export async function* readDocRows(path: string, format: FileFormat, name = path): AsyncGenerator<FileRow> {
  // Opened first, so a missing file or a directory is reported before any reading starts.
  const handle = await open(path, 'r').catch((err: unknown) => {
    throw readError(err, path, name);
  });
  const input = handle.createReadStream();
  try {
    yield* format === 'csv' ? csvRows(input, name) : jsonlRows(input);
  } catch (err) {
    throw readError(err, path, name);
  } finally {
    input.destroy();
  }
}

async function* jsonlRows(input: NodeJS.ReadableStream): AsyncGenerator<FileRow> {
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    const trimmed = (line === 1 ? text.replace(/^\uFEFF/, '') : text).trim();
    if (trimmed === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (err) {
      yield { line, error: `not valid JSON (${(err as Error).message})` };
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      yield { line, error: 'must be a JSON object, one call per line' };
      continue;
    }
    yield { line, row: value as Record<string, unknown> };
  }
}

interface CsvRecord {
  readonly record: string[];
  /** info.lines: the line the record ends on. */
  readonly info: { readonly lines: number };
}

async function* csvRows(input: NodeJS.ReadableStream, name: string): AsyncGenerator<FileRow> {
  const parser = parse({
    bom: true,
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
    record_delimiter: ['\r\n', '\n'],
  });
  // pipe() does not pass a read error on: without this the parser would wait forever.
  input.on('error', (err: Error) => parser.destroy(err));
  input.pipe(parser);
  let header: string[] | undefined;
  for await (const { record, info } of parser as AsyncIterable<CsvRecord>) {
    // The line a record starts on: where it ends, less the line breaks inside its quoted cells.
    const line = info.lines - record.reduce((n, cell) => n + cell.split('\n').length - 1, 0);
    if (!header) {
      header = record.map((column) => restoreCell(column.trim()));
      const seen = new Set<string>();
      for (const column of header) {
        if (column === '')
          throw new ConfigError(`${name} line ${line}: the header has an empty column name`, {
            code: 'BAD_INPUT',
          });
        if (seen.has(column))
          throw new ConfigError(`${name} line ${line}: column "${column}" appears twice`, {
            code: 'BAD_INPUT',
          });
        seen.add(column);
      }
      continue;
    }
    if (record.length !== header.length) {
      yield { line, error: `has ${record.length} fields, the header has ${header.length}` };
      continue;
    }
    // Built with fromEntries, so a column named "__proto__" is a key of the row (and so an
    // unknown field) instead of an assignment to its prototype, which would drop it unseen.
    const cells = header.map((column, i) => [column, record[i] && restoreCell(record[i])] as const);
    const row = Object.fromEntries(cells.filter(([, cell]) => cell !== undefined && cell !== ''));
    yield { line, row };
  }
  if (!header)
    throw new ConfigError(`${name} is empty; a CSV file needs a header line naming the columns`, {
      code: 'BAD_INPUT',
    });
}

function readError(err: unknown, path: string, name: string): unknown {
  if (err instanceof ConfigError) return err;
  if (err instanceof CsvError) {
    const where = typeof err['lines'] === 'number' ? ` line ${String(err['lines'])}` : '';
    return new ConfigError(`${name}${where}: malformed CSV (${err.message})`, { cause: err });
  }
  return fileError(err, 'read', path, name);
}
