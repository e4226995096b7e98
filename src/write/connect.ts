import { MongoClient } from 'mongodb';
import type { Db } from 'mongodb';
import { DatabaseError } from '../errors';
import { redactSecrets, redactUrl } from '../redact';
import {
  diagnoseConnection,
  observeServers,
  requestedTopology,
  serverErrorDetail,
} from './connection-diagnosis';
import type { RequestedTopology, ServerObservations } from './connection-diagnosis';
import { isAuthError } from './driver-errors';

/** Fail fast: an unreachable server is reported in seconds, not after the driver's 30 s. */
export const CONNECT_TIMEOUT_MS = 5_000;

export const FAST_FAIL_OPTIONS = {
  serverSelectionTimeoutMS: CONNECT_TIMEOUT_MS,
  // A connection attempt (TCP and TLS handshake) gives up before server selection does, so a
  // handshake that hangs is recorded as that server's error and can be named.
  connectTimeoutMS: CONNECT_TIMEOUT_MS - 1_000,
} as const;

/** How "nothing answers" ends; adapters add their host's advice after it (adapters/unreachable-hint.ts). */
export const NOTHING_ANSWERS_ADVICE = 'is the server running? Set MONGO_URL to point at it';

export interface Connection {
  readonly client: MongoClient;
  readonly db: Db;
}

export async function openDatabase(url: string, dbName: string): Promise<Connection> {
  const client = new MongoClient(url, FAST_FAIL_OPTIONS);
  const observed = observeServers(client);
  try {
    await client.connect();
    const db = client.db(dbName);
    await db.command({ ping: 1 });
    return { client, db };
  } catch (err) {
    await client.close().catch(() => undefined);
    throw err instanceof DatabaseError
      ? err
      : connectionError(err, url, { requested: requestedTopology(client), observed });
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

/** What was seen while connecting, to name the cause of a failure (connection-diagnosis.ts). */
export interface ConnectAttempt {
  readonly requested: RequestedTopology;
  readonly observed: ServerObservations;
}

export function connectionError(err: unknown, url?: string, attempt?: ConnectAttempt): DatabaseError {
  const where = url ? ` at ${redactUrl(url)}` : '';
  if (isAuthError(err)) {
    return new DatabaseError(`authentication failed${where}: check the user name and password in MONGO_URL`, {
      code: 'AUTH_FAILED',
      cause: err,
    });
  }
  const cause = attempt && diagnoseConnection(err, attempt.requested, attempt.observed);
  if (cause) {
    return new DatabaseError(`cannot connect to MongoDB${where}: ${redactSecrets(cause)}`, {
      code: 'DB_UNREACHABLE',
      cause: err,
    });
  }
  const detail =
    (attempt && serverErrorDetail(err, attempt.observed)) ??
    (err instanceof Error ? err.message : String(err));
  return new DatabaseError(
    `cannot reach MongoDB${where} within ${CONNECT_TIMEOUT_MS / 1000} s (${redactSecrets(detail)}); ${NOTHING_ANSWERS_ADVICE}`,
    { code: 'DB_UNREACHABLE', cause: err },
  );
}
