import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import type { Db } from 'mongodb';

/** The server global-setup started (or MONGO_URL's). */
export function serverUrl(): string {
  const url = process.env['MONGO_URL'];
  if (!url)
    throw new Error('MONGO_URL is not set: run the tests through jest (global-setup starts FerretDB)');
  return url;
}

export interface TestDb {
  readonly name: string;
  readonly db: Db;
  readonly client: MongoClient;
  drop(): Promise<void>;
}

/** A database of its own for one test file (or test), dropped by drop(). */
export async function openTestDb(prefix: string): Promise<TestDb> {
  const name = `t_${prefix.replace(/[^A-Za-z0-9]/g, '_').slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  const client = new MongoClient(serverUrl(), { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  const db = client.db(name);
  return {
    name,
    db,
    client,
    async drop() {
      await db.dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
}

/** Every document of every collection, _id included, in a stable order: for byte-identity checks. */
export async function snapshotDatabase(
  db: Db,
  except: readonly string[] = [],
): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  const collections = (await db.listCollections().toArray()).map((c) => c.name).sort();
  for (const name of collections) {
    if (except.includes(name)) continue;
    out[name] = await db.collection(name).find().sort({ _id: 1 }).toArray();
  }
  return out;
}

/**
 * Removes _id, the run identity (seed_run: each run's own, by design) and the given id fields,
 * so documents from different runs compare field by field.
 */
export function stripIds<T extends Record<string, unknown>>(
  doc: T,
  fields: readonly string[] = [],
): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...doc };
  delete copy['_id'];
  delete copy['seed_run'];
  for (const f of fields) delete copy[f];
  return copy;
}
