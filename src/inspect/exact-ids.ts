import { SafetyError } from '../errors';
import { readId } from '../schema/stored-values';

/**
 * Verify's answer for an id it cannot compare exactly: a Long above 2^53 - 1, or a double
 * above it (an integer, but perhaps not the one written). Any verdict involving it could be
 * wrong (a false orphan, a duplicate missed), so verify refuses with one line naming the
 * collection, the field and the value, and how to find the document, instead of giving one.
 */
export function refuseInexactId(collection: string, field: string, value: unknown): void {
  const reading = readId(value);
  if (reading.kind !== 'beyond') return;
  const max = Number.MAX_SAFE_INTEGER;
  throw new SafetyError(
    `verify cannot check ${collection}.${field} ${reading.text} exactly: it is above ${max.toLocaleString('en-US')} (2^53 - 1), the largest integer JavaScript holds exactly, so any verdict on it could be wrong; nothing was checked (find it with db.${collection}.find({ ${field}: { $gt: ${max} } }))`,
    { code: 'ID_NOT_EXACT' },
  );
}
