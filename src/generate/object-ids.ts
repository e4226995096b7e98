import { ObjectId as OwnObjectId } from 'mongodb';
import type { ObjectId } from 'mongodb';

/**
 * Makes an ObjectId from its hex string. The seed makes ObjectIds with the constructor of
 * the driver copy that writes them (see write/driver-copy.ts): a BSON value of another
 * major version is refused by the serializer.
 */
export type ObjectIdFactory = (hex: string) => ObjectId;

/** ObjectIds of the driver this package resolves (the host's, as a peer): for files and tests. */
export const ownObjectId: ObjectIdFactory = (hex) => new OwnObjectId(hex);

/** An ObjectId of any copy of the driver, told by what it carries (never `instanceof`). */
export function isObjectId(value: unknown): value is ObjectId {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { _bsontype?: unknown })._bsontype === 'ObjectId' &&
    typeof (value as { toHexString?: unknown }).toHexString === 'function'
  );
}

/** Another ObjectId of the same driver copy as `like`. */
export function objectIdLike(like: ObjectId, hex: string): ObjectId {
  const Make = like.constructor as new (hex: string) => ObjectId;
  return new Make(hex);
}
