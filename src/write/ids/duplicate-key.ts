import type { Db, Document } from 'mongodb';
import { DatabaseError } from '../../errors';
import { isDuplicateKey } from '../connection/driver-errors';

/** What a duplicate-key error (E11000) says about itself. */
export interface DuplicateKey {
  /** The collection, without the database name. */
  readonly collection: string | undefined;
  readonly index: string | undefined;
  /** The duplicated value as the shell writes it: `{ ukey: "100040" }`. */
  readonly key: string | undefined;
  /** The document whose insert failed (bulk writes carry it). */
  readonly doc: Document | undefined;
}

/**
 * The parts of an E11000 error, from wherever the server and driver put them. MongoDB says
 * `E11000 duplicate key error collection: crm.tasks index: ukey_1 dup key: { ukey: "100040" }`
 * and adds keyPattern/keyValue to single writes (a bulk write's error keeps only the message
 * and the failed document); FerretDB says only `E11000 duplicate key error collection: crm.tasks`.
 */
export function duplicateKeyOf(err: unknown): DuplicateKey | undefined {
  if (!isDuplicateKey(err)) return undefined;
  const bulk = (err as { writeErrors?: unknown }).writeErrors;
  const writeErrors = (Array.isArray(bulk) ? bulk : bulk ? [bulk] : []) as { err?: Document }[];
  const raw: Document = writeErrors.map((w) => w.err ?? {}).find((w) => w['code'] === 11000) ?? { ...err };
  const text = String(raw['errmsg'] ?? err.message);
  const namespace = /collection: (\S+)/.exec(text)?.[1];
  const keyValue: unknown = raw['keyValue'] ?? (err as { keyValue?: unknown }).keyValue;
  return {
    collection: namespace?.slice(namespace.indexOf('.') + 1),
    index: /index: (\S+)/.exec(text)?.[1],
    key: isDocument(keyValue) ? shellDocument(keyValue) : /dup key: (\{.*\})/.exec(text)?.[1],
    doc: isDocument(raw['op']) ? raw['op'] : undefined,
  };
}

/**
 * A duplicate-key error as one line naming the collection, the unique index and the value
 * (asking the server which unique index the failed document collides on when the error does
 * not say), or undefined for any other error. Not a connection problem: retrying would not help.
 */
export async function explainDuplicateKey(db: Db, err: unknown): Promise<DatabaseError | undefined> {
  const found = duplicateKeyOf(err);
  if (!found) return undefined;
  let { index, key } = found;
  if ((index === undefined || key === undefined) && found.collection && found.doc) {
    const collision = await collidingIndex(db, found.collection, found.doc).catch(() => undefined);
    index ??= collision?.index;
    key ??= collision?.key;
  }
  const where = found.collection ?? 'a collection';
  const unique = index === undefined ? '' : ` (unique index ${index})`;
  const look = found.collection && key ? `; find it with db.${found.collection}.find(${key})` : '';
  return new DatabaseError(
    `duplicate key in ${where}: a document with ${key ?? 'the same key'} is already there${unique}, and a document being written has the same value${look}`,
    { code: 'DUPLICATE_KEY', cause: err },
  );
}

/** The unique index of `collection` on which another document holds the same key as `doc`. */
async function collidingIndex(
  db: Db,
  collection: string,
  doc: Document,
): Promise<{ index: string; key: string } | undefined> {
  const indexes = await db.collection(collection).indexes();
  // The app's own unique indexes first: a seeded document's _id is new.
  const unique = indexes.filter((i) => i.unique === true || i.name === '_id_');
  unique.sort((a, b) => Number(a.name === '_id_') - Number(b.name === '_id_'));
  for (const index of unique) {
    const fields = Object.keys(index.key);
    if (!fields.every((f) => f in doc)) continue;
    const filter = Object.fromEntries(fields.map((f) => [f, doc[f] as unknown]));
    if (await db.collection(collection).findOne(filter, { projection: { _id: 1 } })) {
      return { index: index.name ?? fields.join('_'), key: shellDocument(filter) };
    }
  }
  return undefined;
}

function isDocument(value: unknown): value is Document {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{ ukey: "100040" }`, values cut at 80 characters. */
function shellDocument(doc: Document): string {
  const fields = Object.entries(doc).map(([name, value]) => {
    const text = JSON.stringify(value) ?? String(value);
    return `${name}: ${text.length > 80 ? `${text.slice(0, 77)}...` : text}`;
  });
  return `{ ${fields.join(', ')} }`;
}
