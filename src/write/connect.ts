import { MongoClient } from 'mongodb';
import type { Db } from 'mongodb';
import { DatabaseError } from '../errors';
import { redactSecrets, redactUrl } from '../redact';
import { isAuthError } from './server-errors';

/** Fail fast: an unreachable server is reported in seconds, not after the driver's 30 s. */
export const CONNECT_TIMEOUT_MS = 5_000;

export const FAST_FAIL_OPTIONS = {
  serverSelectionTimeoutMS: CONNECT_TIMEOUT_MS,
  connectTimeoutMS: CONNECT_TIMEOUT_MS,
} as const;

export interface Connection {
  readonly client: MongoClient;
  readonly db: Db;
}

export async function openDatabase(url: string, dbName: string): Promise<Connection> {
  const client = new MongoClient(url, FAST_FAIL_OPTIONS);
  try {
    await client.connect();
    const db = client.db(dbName);
    await pingDatabase(db, url);
    return { client, db };
  } catch (err) {
    await client.close().catch(() => undefined);
    throw err instanceof DatabaseError ? err : connectionError(err, url);
  }
}

/** Verifies the server answers before anything is written. */
export async function pingDatabase(db: Db, url?: string): Promise<void> {
  try {
    await db.command({ ping: 1 });
  } catch (err) {
    throw connectionError(err, url);
  }
}

export function connectionError(err: unknown, url?: string): DatabaseError {
  const where = url ? ` at ${redactUrl(url)}` : '';
  const detail = err instanceof Error ? err.message : String(err);
  if (isAuthError(err)) {
    return new DatabaseError(`authentication failed${where}: check the user name and password in MONGO_URL`, {
      code: 'AUTH_FAILED',
      cause: err,
    });
  }
  return new DatabaseError(
    `cannot reach MongoDB${where} within ${CONNECT_TIMEOUT_MS / 1000} s (${redactSecrets(detail)}); is the server running? Set MONGO_URL to point at it`,
    { code: 'DB_UNREACHABLE', cause: err },
  );
}
