import type { ExistingDoc, LinkSpec } from '../dataset/contract';
import { ownObjectId } from './object-ids';

/** How many stand-in records a link gets where no database is read. */
export const STAND_INS = 1000;

/**
 * Records standing in for a link's live ones where no database is read (`generate` to files):
 * ids 1-1000 (or, for an `_id` link, ObjectIds counting up from a fixed prefix), no other
 * fields. Documents made from them are illustrative, as the ids of generated files are.
 */
export function standInRecords(link: LinkSpec): readonly ExistingDoc<unknown>[] {
  return Array.from({ length: STAND_INS }, (_, i) => ({
    id:
      link.idField === '_id' ? ownObjectId(`5e5e5e5e5e5e5e${(i + 1).toString(16).padStart(10, '0')}`) : i + 1,
  }));
}
