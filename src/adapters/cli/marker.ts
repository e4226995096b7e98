import { basename } from 'node:path';
import { ConfigError } from '../../errors';
import { isSeedFileMarker, reservedMarkerMessage } from '../../schema/marker';

const MARKER = /^[A-Za-z0-9_.-]{1,100}$/;

/** A seed_batch marker from --batch: letters, digits, '_', '.', '-' so it is easy to type back. */
export function markerOption(value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  if (!MARKER.test(value)) {
    throw new ConfigError(
      `--batch must be 1-100 letters, digits, '_', '.' or '-' (got ${JSON.stringify(value)})`,
      { code: 'BAD_INPUT' },
    );
  }
  if (isSeedFileMarker(value)) {
    throw new ConfigError(`--batch: ${reservedMarkerMessage(value)}`, { code: 'BAD_INPUT' });
  }
  return value;
}

/** data/tasks-2024.csv -> import-tasks-2024.csv: one marker per file name, so importing it twice is caught. */
export function markerFromFile(path: string): string {
  const stem = basename(path)
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `import-${stem || 'file'}`.slice(0, 100);
}
