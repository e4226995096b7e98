import {
  MongoError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';

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

/**
 * The connection is gone (server stopped, network cut): nothing more can be written or
 * released. Looks through wrappers: a bulk write wraps the network error it met (as
 * `errorResponse`), and our own errors keep the driver's as `cause`.
 */
export function isConnectionLoss(err: unknown, depth = 0): boolean {
  if (
    err instanceof MongoNetworkError ||
    err instanceof MongoServerSelectionError ||
    err instanceof MongoNotConnectedError ||
    err instanceof MongoTopologyClosedError ||
    (err instanceof MongoServerError && typeof err.code === 'number' && GONE.has(err.code))
  ) {
    return true;
  }
  if (depth > 3 || !(err instanceof Error)) return false;
  const inner: unknown = err instanceof MongoServerError ? err.errorResponse : undefined;
  return (
    (inner instanceof Error && isConnectionLoss(inner, depth + 1)) || isConnectionLoss(err.cause, depth + 1)
  );
}

/** Wrong credentials, or none given to a server that requires them. */
export function isAuthError(err: unknown): boolean {
  if (
    err instanceof MongoServerError &&
    (err.code === ServerCode.AuthenticationFailed ||
      err.code === ServerCode.Unauthorized ||
      err.codeName === 'AuthenticationFailed' ||
      err.codeName === 'Unauthorized')
  ) {
    return true;
  }
  return (
    err instanceof Error &&
    /auth(entication)? failed|AuthenticationFailed|requires authentication/i.test(err.message)
  );
}

export function isDuplicateKey(err: unknown): boolean {
  return err instanceof MongoServerError && err.code === ServerCode.DuplicateKey;
}

export function isDriverError(err: unknown): err is MongoError {
  return err instanceof MongoError;
}
