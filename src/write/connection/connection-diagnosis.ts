import type { Document, MongoClient } from 'mongodb';
import { selectionFailure } from './driver-errors';

/**
 * Why a connection failed, in the words of the cause. The driver's own error is often only
 * "Server selection timed out after 5000 ms": a server that answered but is not what the URL
 * asks for (a standalone where `replicaSet=` wants a set member) is dropped from the topology
 * without an error, and a TLS handshake with a server that does not speak TLS just hangs. So
 * the client's heartbeats are watched while it connects, and the last answer (`hello`) or
 * failure of each server is what the message names.
 */
export interface ServerObservations {
  /** The last `hello` reply of each server, by address. */
  readonly replies: Map<string, Document>;
  /** The last failed heartbeat of each server, by address. */
  readonly failures: Map<string, unknown>;
}

/** Starts watching a client's heartbeats; attach before connect(). */
export function observeServers(client: MongoClient): ServerObservations {
  const observed: ServerObservations = { replies: new Map(), failures: new Map() };
  client.on('serverHeartbeatSucceeded', (event) => {
    observed.replies.set(event.connectionId, event.reply);
    observed.failures.delete(event.connectionId);
  });
  client.on('serverHeartbeatFailed', (event) => observed.failures.set(event.connectionId, event.failure));
  return observed;
}

/** What the connection string asked for, as the driver parsed it. */
export interface RequestedTopology {
  readonly replicaSet?: string | undefined;
  readonly tls: boolean;
  /** A mongodb+srv:// URL, which turns TLS on unless it says tls=false. */
  readonly srv: boolean;
  readonly hosts: readonly string[];
}

export function requestedTopology(client: MongoClient): RequestedTopology {
  const { replicaSet, tls, hosts, srvHost } = client.options;
  return { replicaSet, tls, srv: srvHost !== undefined, hosts: hosts.map((h) => h.toString()) };
}

/**
 * One phrase naming the cause of a failed connection, or undefined when nothing more is
 * known than the driver's message (then the caller's generic "cannot reach" stands).
 */
export function diagnoseConnection(
  err: unknown,
  requested: RequestedTopology,
  observed: ServerObservations,
): string | undefined {
  if (requested.replicaSet !== undefined) {
    const mismatch = setMismatch(requested.replicaSet, err, observed);
    if (mismatch) return mismatch;
  }
  const errors = serverErrors(err, observed);
  const tlsOn = requested.srv ? 'TLS is on for mongodb+srv:// URLs' : 'tls=true in MONGO_URL';
  for (const [address, error] of errors) {
    const message = messageOf(error);
    if (requested.tls && CERTIFICATE.test(message)) {
      return `the TLS certificate of the server at ${address} was not accepted (${message}); check tlsCAFile / tlsAllowInvalidCertificates in MONGO_URL`;
    }
    if (requested.tls && TLS_FAILURE.test(message)) {
      return `TLS handshake failed: the server at ${address} does not speak TLS, or refused the handshake (${tlsOn}; ${message})`;
    }
  }
  if (requested.tls && observed.replies.size === 0 && errors.length === 0 && isSelectionTimeout(err)) {
    return `TLS handshake failed: no TLS connection to ${requested.hosts.join(', ')} could be set up in time, so the server does not seem to speak TLS (${tlsOn})`;
  }
  for (const [address, error] of errors) {
    const code = codeOf(error);
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      return `the host ${address.replace(/:\d+$/, '')} is not known to DNS (${code}); check the host name in MONGO_URL`;
    }
    if (!requested.tls && (code === 'ECONNRESET' || /\bclosed\b/i.test(messageOf(error)))) {
      return `the server at ${address} closed the connection during the handshake (${messageOf(error)}); if it requires TLS, add tls=true to MONGO_URL`;
    }
  }
  return undefined;
}

/** The server's own error to show instead of a bare "Server selection timed out". */
export function serverErrorDetail(err: unknown, observed: ServerObservations): string | undefined {
  const [first] = serverErrors(err, observed);
  return first ? `the server at ${first[0]}: ${messageOf(first[1])}` : undefined;
}

const TLS_FAILURE =
  /secureConnect|secure TLS connection|\bTLS\b|\bSSL\b|EPROTO|wrong version number|packet length too long/i;
const CERTIFICATE = /certificate|self[- ]signed|CERT_|unable to verify/i;

function setMismatch(wanted: string, err: unknown, observed: ServerObservations): string | undefined {
  const seen: [string, Document][] = [...observed.replies];
  // The topology the driver gave up on may still list members that answered.
  for (const [address, description] of selectionServers(err)) {
    if (!observed.replies.has(address) && description.setName) {
      seen.push([address, { setName: description.setName }]);
    }
  }
  for (const [address, reply] of seen) {
    const setName = typeof reply['setName'] === 'string' ? reply['setName'] : undefined;
    if (setName === wanted) continue;
    const asks = `replica set name mismatch: MONGO_URL asks for replicaSet=${wanted} but the server at ${address}`;
    if (setName !== undefined) return `${asks} reports set "${setName}"; use replicaSet=${setName}`;
    if (reply['msg'] === 'isdbgrid') {
      return `${asks} is a mongos (a sharded cluster's router); remove replicaSet from MONGO_URL`;
    }
    if (reply['isreplicaset'] === true) {
      return `${asks} is a replica set member that was never initiated (run rs.initiate() on it)`;
    }
    return `${asks} is a standalone server (not a replica set member); remove replicaSet from MONGO_URL, or point it at a member of ${wanted}`;
  }
  return undefined;
}

/** Each server's last error: from the topology the selection gave up on, else from its heartbeats. */
function serverErrors(err: unknown, observed: ServerObservations): [string, unknown][] {
  const errors = new Map<string, unknown>();
  for (const [address, description] of selectionServers(err)) {
    if (description.error) errors.set(address, description.error);
  }
  for (const [address, failure] of observed.failures) if (!errors.has(address)) errors.set(address, failure);
  return [...errors];
}

function selectionServers(err: unknown): [string, { setName?: string | null; error?: unknown }][] {
  return [...(selectionFailure(err)?.servers ?? [])];
}

function isSelectionTimeout(err: unknown): boolean {
  return selectionFailure(err) !== undefined && /timed out/i.test((err as Error).message);
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return cause && !error.message.includes(cause) ? `${error.message}: ${cause}` : error.message;
}

function codeOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}
