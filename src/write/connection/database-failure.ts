import { DatabaseError, SeedError } from '../../errors';
import { redactSecrets } from '../../redact';
import { connectionError } from './connect';
import { isAuthError, isConnectionLoss, isDriverError, isNetworkTimeout } from './driver-errors';

/** How a caller words the two outcomes, given the server's own message with secrets redacted. */
export interface FailureWording {
  readonly lost: (detail: string) => string;
  readonly refused: (detail: string) => string;
  /** The batch the failed operation worked on, carried by the error. */
  readonly batch?: string | undefined;
}

/**
 * The one translation of a driver error into ours, by the one classification in
 * driver-errors.ts: failed authentication is AUTH_FAILED, a connection gone mid-run
 * CONNECTION_LOST, anything else the server refused DB_OPERATION_FAILED. Our own errors, and
 * anything that is not the driver's (a bug), pass through as they are.
 */
export function databaseFailure(err: unknown, wording: FailureWording): unknown {
  if (err instanceof SeedError || !isDriverError(err)) return err;
  if (isAuthError(err)) return connectionError(err);
  const detail = redactSecrets(
    isNetworkTimeout(err)
      ? `no answer within the client's socketTimeoutMS: ${err.message}; a server that is only slow needs a larger socketTimeoutMS in MONGO_URL`
      : err.message,
  );
  const lost = isConnectionLoss(err);
  return new DatabaseError(lost ? wording.lost(detail) : wording.refused(detail), {
    code: lost ? 'CONNECTION_LOST' : 'DB_OPERATION_FAILED',
    cause: err,
    ...(wording.batch === undefined ? {} : { batch: wording.batch }),
  });
}
