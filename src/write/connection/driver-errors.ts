/**
 * The one classification of the driver's errors, by what they carry (class names along the
 * prototype chain, `code`, `codeName`, `errorLabels`, the wrapped `errorResponse`/`cause`),
 * never by `instanceof`: the `Db` a host hands us may come from another copy of the driver
 * (a global migrate-mongo, npx, a monorepo), whose classes are not ours. A lint rule keeps
 * driver-class `instanceof` out of src/.
 */

/** The server error codes the seed reacts to, by the names the server gives them. */
export const ServerCode = {
  HostUnreachable: 6,
  HostNotFound: 7,
  Unauthorized: 13,
  AuthenticationFailed: 18,
  NetworkTimeout: 89,
  ShutdownInProgress: 91,
  DuplicateKey: 11000,
  PrimarySteppedDown: 189,
  SocketException: 9001,
  InterruptedAtShutdown: 11600,
  InterruptedDueToReplStateChange: 11602,
} as const;

/** What an error of any copy of the driver carries that we read. */
export interface DriverError extends Error {
  readonly code?: number | string | undefined;
  readonly codeName?: string | undefined;
  readonly errorLabels?: readonly string[] | undefined;
  readonly errorResponse?: unknown;
}

/** "Shutting down" or "cannot reach a host": the server went away, not a refusal. */
const GONE: ReadonlySet<number> = new Set([
  ServerCode.HostUnreachable,
  ServerCode.HostNotFound,
  ServerCode.NetworkTimeout,
  ServerCode.ShutdownInProgress,
  ServerCode.PrimarySteppedDown,
  ServerCode.SocketException,
  ServerCode.InterruptedAtShutdown,
  ServerCode.InterruptedDueToReplStateChange,
]);

/** Driver classes whose errors mean the connection is gone (subclasses included, by their chain). */
const CONNECTION_CLASSES: ReadonlySet<string> = new Set([
  'MongoNetworkError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoServerClosedError',
  'MongoPoolClosedError',
]);

/** The class names along an error's prototype chain: `MongoNetworkTimeoutError`, `MongoNetworkError`, … */
function classNames(err: unknown): string[] {
  const names: string[] = [];
  for (let p: unknown = err; p && typeof p === 'object'; p = Object.getPrototypeOf(p)) {
    const ctor: unknown = (p as { constructor?: unknown }).constructor;
    if (typeof ctor === 'function' && ctor.name && !names.includes(ctor.name)) names.push(ctor.name);
  }
  return names;
}

/** An error thrown by a MongoDB driver (any copy): its classes are all `Mongo…Error`, with `MongoError` at the root. */
export function isDriverError(err: unknown): err is DriverError {
  return err instanceof Error && (/^Mongo\w*Error$/.test(err.name) || classNames(err).includes('MongoError'));
}

/** An error the server answered with (a numeric code), as opposed to one raised in the driver. */
function serverCode(err: unknown): number | undefined {
  if (!isDriverError(err)) return undefined;
  return typeof err.code === 'number' ? err.code : undefined;
}

/** The errors an error wraps: a bulk write's `errorResponse`, our own errors' `cause`. */
function wrapped(err: unknown): unknown[] {
  if (!(err instanceof Error)) return [];
  const inner: unknown = isDriverError(err) ? err.errorResponse : undefined;
  return [inner, err.cause].filter((e) => e instanceof Error);
}

/**
 * The connection is gone (server stopped, network cut): nothing more can be written or
 * released. Looks through wrappers: a bulk write wraps the network error it met (as
 * `errorResponse`), and our own errors keep the driver's as `cause`.
 */
export function isConnectionLoss(err: unknown, depth = 0): boolean {
  if (isDriverError(err)) {
    if (classNames(err).some((n) => CONNECTION_CLASSES.has(n))) return true;
    // The driver clears a connection pool after a network failure and labels the error so.
    if (err.errorLabels?.includes('ResetPool')) return true;
    const code = serverCode(err);
    if (code !== undefined && GONE.has(code)) return true;
  }
  return depth < 3 && wrapped(err).some((inner) => isConnectionLoss(inner, depth + 1));
}

/** A request the server did not answer within the client's socketTimeoutMS (or a connect that timed out). */
export function isNetworkTimeout(err: unknown): boolean {
  return isDriverError(err) && classNames(err).includes('MongoNetworkTimeoutError');
}

/** Wrong credentials, or none given to a server that requires them. */
export function isAuthError(err: unknown): boolean {
  if (isDriverError(err)) {
    const code = serverCode(err);
    if (code === ServerCode.AuthenticationFailed || code === ServerCode.Unauthorized) return true;
    if (err.codeName === 'AuthenticationFailed' || err.codeName === 'Unauthorized') return true;
  }
  return (
    err instanceof Error &&
    /auth(entication)? failed|AuthenticationFailed|requires authentication/i.test(err.message)
  );
}

/** E11000: a unique index (the lock's `_id`, a counter, the app's own) already holds the value. */
export function isDuplicateKey(err: unknown): err is DriverError {
  return (
    serverCode(err) === ServerCode.DuplicateKey || (isDriverError(err) && err.codeName === 'DuplicateKey')
  );
}

/** A server error whose message matches: for refusals only known by their words (FerretDB's SQLite limits). */
export function isServerErrorSaying(err: unknown, words: RegExp): boolean {
  return (
    isDriverError(err) && !classNames(err).some((n) => CONNECTION_CLASSES.has(n)) && words.test(err.message)
  );
}

/** The topology a server selection gave up on (MongoServerSelectionError's `reason`), if this is one. */
export function selectionFailure(
  err: unknown,
): { servers: Map<string, { setName?: string | null; error?: unknown }> } | undefined {
  if (!isDriverError(err) || !classNames(err).includes('MongoServerSelectionError')) return undefined;
  const reason = (err as { reason?: { servers?: unknown } }).reason;
  return reason?.servers instanceof Map
    ? { servers: reason.servers as Map<string, { setName?: string | null; error?: unknown }> }
    : { servers: new Map() };
}
