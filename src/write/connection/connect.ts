import { MongoClient } from 'mongodb';
import type { Db, MongoClientOptions } from 'mongodb';
import { DatabaseError } from '../../errors';
import { redactSecrets, redactUrl } from '../../redact';
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
  const started = Date.now();
  const refused = allRefused(client);
  try {
    // Nothing listening at any host refuses at once: no need to wait out server selection.
    await Promise.race([client.connect(), refused.promise]);
    const db = client.db(dbName);
    await db.command({ ping: 1 });
    return { client, db };
  } catch (err) {
    await closeClient(client);
    throw err instanceof DatabaseError
      ? err
      : connectionError(err, url, {
          requested: requestedTopology(client),
          observed,
          waitedMs: Date.now() - started,
          whose: 'own',
        });
  } finally {
    refused.stop();
  }
}

/**
 * Rejects once every host the URL names has refused the connection (ECONNREFUSED: nothing
 * listens there), which the driver would otherwise retry until server selection gives up.
 * Not for mongodb+srv:// (its hosts come from DNS).
 */
function allRefused(client: MongoClient): { readonly promise: Promise<never>; stop(): void } {
  const { hosts, srvHost } = client.options;
  const wanted = new Set(hosts.map((h) => h.toString()));
  const refused = new Map<string, unknown>();
  let listener: ((event: { connectionId: string; failure: Error }) => void) | undefined;
  const promise = new Promise<never>((_, reject) => {
    if (srvHost !== undefined || wanted.size === 0) return;
    listener = (event) => {
      const failure = event.failure as Error & { code?: unknown; cause?: { code?: unknown } };
      const code = failure.cause?.code ?? failure.code;
      if (code !== 'ECONNREFUSED' && !/ECONNREFUSED/.test(String(failure.message))) return;
      refused.set(event.connectionId, failure);
      if ([...wanted].every((host) => refused.has(host))) reject(failure);
    };
    client.on('serverHeartbeatFailed', listener);
  });
  promise.catch(() => undefined);
  return {
    promise,
    stop: () => {
      if (listener) client.off('serverHeartbeatFailed', listener);
    },
  };
}

/**
 * Verifies the server answers before anything is written. `url` names it in messages; a Db of
 * the host's own client waits as long as that client says (its serverSelectionTimeoutMS).
 */
export async function pingDatabase(db: Db, url?: string): Promise<void> {
  const started = Date.now();
  try {
    await db.command({ ping: 1 });
  } catch (err) {
    throw connectionError(err, url, { waitedMs: Date.now() - started, whose: 'host' });
  }
}

/** What was seen while connecting, to name the cause of a failure (connection-diagnosis.ts). */
export interface ConnectAttempt {
  readonly requested?: RequestedTopology;
  readonly observed?: ServerObservations;
  /** How long the attempt waited, for the message: the real time, not a setting. */
  readonly waitedMs?: number;
  /** Whose client waited: the tool's own (its 5 s) or the host's (its own serverSelectionTimeoutMS). */
  readonly whose?: 'own' | 'host';
}

export function connectionError(err: unknown, url?: string, attempt?: ConnectAttempt): DatabaseError {
  const where = url ? ` at ${redactUrl(url)}` : '';
  if (isAuthError(err)) {
    return new DatabaseError(`authentication failed${where}: check the user name and password in MONGO_URL`, {
      code: 'AUTH_FAILED',
      cause: err,
    });
  }
  const cause =
    attempt?.requested && attempt.observed && diagnoseConnection(err, attempt.requested, attempt.observed);
  if (cause) {
    return new DatabaseError(`cannot connect to MongoDB${where}: ${redactSecrets(cause)}`, {
      code: 'DB_UNREACHABLE',
      cause: err,
    });
  }
  const detail =
    (attempt?.observed && serverErrorDetail(err, attempt.observed)) ??
    (err instanceof Error ? err.message : String(err));
  return new DatabaseError(
    `cannot reach MongoDB${where}${waited(attempt)} (${redactSecrets(detail)}); ${NOTHING_ANSWERS_ADVICE}`,
    { code: 'DB_UNREACHABLE', cause: err },
  );
}

/** " after 30.1 s (your client's serverSelectionTimeoutMS)": the time really waited, and whose limit it was. */
function waited(attempt: ConnectAttempt | undefined): string {
  if (attempt?.waitedMs === undefined) return ` within ${CONNECT_TIMEOUT_MS / 1000} s`;
  const seconds = (attempt.waitedMs / 1000).toFixed(1);
  if (attempt.waitedMs < 1000) return ` (refused at once: nothing listens there)`;
  return attempt.whose === 'host'
    ? ` after ${seconds} s (the wait of the client you passed: its serverSelectionTimeoutMS, 30 s unless you set it)`
    : ` after ${seconds} s (this tool waits up to ${CONNECT_TIMEOUT_MS / 1000} s)`;
}
