import {
  MongoError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import { DatabaseError, SeedError, verboseErrors } from '../errors';
import { redactSecrets } from '../redact';
import { connectionError, isAuthError } from '../write/connect';

/** Server codes for "shutting down" or "cannot reach a host": the server went away, not a refusal. */
const GONE_CODES = new Set([6, 7, 89, 91, 189, 9001, 11600, 11602]);

/**
 * The connection is gone (server stopped, network cut): nothing more can be written or released.
 * A bulk write wraps the network error it met in a MongoBulkWriteError (as `errorResponse`).
 */
export function isConnectionLoss(err: unknown, depth = 0): boolean {
  if (
    err instanceof MongoNetworkError ||
    err instanceof MongoServerSelectionError ||
    err instanceof MongoNotConnectedError ||
    err instanceof MongoTopologyClosedError ||
    (err instanceof MongoServerError && typeof err.code === 'number' && GONE_CODES.has(err.code))
  ) {
    return true;
  }
  if (depth > 3 || !(err instanceof MongoError)) return false;
  const inner: unknown = err instanceof MongoServerError ? err.errorResponse : undefined;
  return (
    (inner instanceof Error && isConnectionLoss(inner, depth + 1)) || isConnectionLoss(err.cause, depth + 1)
  );
}

/**
 * Turns a driver error raised mid-run into one actionable line that says what state the
 * batch is in and what to run next. Our own errors pass through; anything else is a bug and
 * stays unexpected (printed with its stack).
 */
export function seedFailure(err: unknown, what: { command: 'up' | 'down'; batch: string }): unknown {
  if (err instanceof SeedError || !(err instanceof MongoError)) return err;
  const detail = redactSecrets(err.message);
  const next =
    what.command === 'up'
      ? 'nothing is recorded in the changelog: run `up` again when the server is back, it first removes what this run wrote'
      : 'run `down` again when the server is back (removing is idempotent)';
  if (isConnectionLoss(err)) {
    return new DatabaseError(
      `lost the connection to the database during ${what.command} of batch ${what.batch} (${detail}); ${next}`,
      { cause: err },
    );
  }
  if (isAuthError(err)) return connectionError(err);
  return new DatabaseError(
    `the database refused an operation during ${what.command} of batch ${what.batch} (${detail}); ${next}`,
    { cause: err },
  );
}

/**
 * migrate-mongo's `down` wraps a failure in a new Error (message kept, stack not) and prints
 * that stack. For an expected failure, about to end the process, make errors created from
 * here on stackless, so the user sees one line (SEED_VERBOSE=1 keeps stacks).
 */
export function keepWrappedErrorsToOneLine(): void {
  if (!verboseErrors()) Error.prepareStackTrace = () => '';
}
