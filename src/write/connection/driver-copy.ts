import type { Db } from 'mongodb';
import { ownObjectId } from '../../generate/object-ids';
import type { ObjectIdFactory } from '../../generate/object-ids';

/** The BSON constructors of the driver copy a `Db` belongs to. */
export interface DriverValues {
  readonly objectId: ObjectIdFactory;
}

const found = new WeakMap<object, DriverValues>();

/**
 * The value constructors of the driver that owns `db`. A host may hand us a `Db` of another
 * copy of the driver than the one this package resolves (a global migrate-mongo brings its
 * own), and BSON refuses values of another major version, so documents are built with the
 * writing driver's own classes: the loaded module whose `Db` class made `db`. Falls back to
 * the resolved peer when that module cannot be found (then both are the same copy, or the
 * same major).
 */
export function driverValuesOf(db: Db): DriverValues {
  const proto = Object.getPrototypeOf(db) as { constructor?: unknown } | null;
  const dbClass = proto?.constructor;
  if (typeof dbClass !== 'function') return { objectId: ownObjectId };
  let values = found.get(dbClass);
  if (!values) {
    values = { objectId: ownObjectId };
    for (const loaded of Object.values(require.cache)) {
      const exports = loaded?.exports as { Db?: unknown; ObjectId?: unknown } | undefined;
      if (exports?.Db === dbClass && typeof exports.ObjectId === 'function') {
        const ObjectId = exports.ObjectId as new (hex: string) => ReturnType<ObjectIdFactory>;
        values = { objectId: (hex) => new ObjectId(hex) };
        break;
      }
    }
    found.set(dbClass, values);
  }
  return values;
}
