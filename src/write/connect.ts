import { MongoClient } from 'mongodb';
import type { Db, MongoClientOptions } from 'mongodb';
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

/**
 * The upper bound of every request of the tool's own clients (the CLI's, and migrate-mongo's
 * when its config comes from migrateMongoConfig): the driver's `socketTimeoutMS`, which every
 * version in the peer range (6.0 to 7.x) honours. Its default, 0, waits forever, so a
 * connection that went half-open hung a `down` for good. Not `timeoutMS`: 6.0 refuses it as
 * an unknown option, and the later versions in the range ignore it ("has no effect").
 * Generous, because a legitimate request can be long: FerretDB reads a whole collection for
 * every filtered query (~150-200 µs per document), ~2 minutes for ~600,000 documents. A
 * `socketTimeoutMS` in MONGO_URL wins (0 restores the driver's wait without bound).
 */
export const OPERATION_TIMEOUT_MS = 120_000;

/** The tool's client options for `url`: fail fast, and a bound on every request unless the URL sets its own. */
export function clientOptions(url: string): MongoClientOptions {
  return urlSets(url, 'socketTimeoutMS')
    ? { ...FAST_FAIL_OPTIONS }
    : { ...FAST_FAIL_OPTIONS, socketTimeoutMS: OPERATION_TIMEOUT_MS };
}

/** Whether the connection string names an option (case-insensitively, as the driver reads them). */
function urlSets(url: string, option: string): boolean {
  const query = url.split('?')[1] ?? '';
  return query.split('&').some((pair) => pair.split('=')[0]?.toLowerCase() === option.toLowerCase());
}

/**
 * Closes a client without waiting on a server that stopped answering: the driver's close
 * ends its sessions on the server first, which a half-open connection would hold up.
 */
export async function closeClient(client: MongoClient, withinMs = 5_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, withinMs);
    timer.unref();
  });
  await Promise.race([client.close().catch(() => undefined), waited]);
  clearTimeout(timer);
}

/** How "nothing answers" ends; adapters add their host's advice after it (adapters/unreachable-hint.ts). */
export const NOTHING_ANSWERS_ADVICE = 'is the server running? Set MONGO_URL to point at it';

export interface Connection {
  readonly client: MongoClient;
  readonly db: Db;
}

export async function openDatabase(url: string, dbName: string): Promise<Connection> {
  const client = new MongoClient(url, clientOptions(url));
  const observed = observeServers(client);
  try {
    await client.connect();
    const db = client.db(dbName);
    await db.command({ ping: 1 });
    return { client, db };
  } catch (err) {
    await closeClient(client);
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
