import { extname } from 'node:path';
import { ConfigError } from '../errors';

/** The two file formats of export and import: one JSON document per line, or CSV with a header. */
export const FILE_FORMATS = ['jsonl', 'csv'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

const BY_EXTENSION: Readonly<Record<string, FileFormat>> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.csv': 'csv',
};

/** The explicit --format if given, else the one the file name's extension names. */
export function formatOf(path: string, explicit?: string): FileFormat {
  if (explicit !== undefined) {
    if ((FILE_FORMATS as readonly string[]).includes(explicit)) return explicit as FileFormat;
    throw new ConfigError(`--format must be one of ${FILE_FORMATS.join(', ')} (got "${explicit}")`, {
      code: 'BAD_INPUT',
    });
  }
  const format = BY_EXTENSION[extname(path).toLowerCase()];
  if (!format) {
    throw new ConfigError(
      `cannot tell the format of "${path}" from its extension; name it *.jsonl or *.csv, or pass --format jsonl|csv`,
      { code: 'BAD_INPUT' },
    );
  }
  return format;
}
