import { DatabaseError } from '../errors';
import { NOTHING_ANSWERS_ADVICE } from '../write/connection/connect';

/**
 * Adds the host's own advice to "cannot reach MongoDB": in this package's repository, how to
 * start its local server. The library has none of its own, since a repository that installs
 * the package starts its server its own way; the entry point passes it (migrate-mongo-config.ts,
 * bin/crm-seed.js). Only when nothing answered: a server that answered but is not what the URL
 * asks for (TLS, replica set) is named as such, and a local server would not help.
 */
export function withUnreachableHint(err: unknown, hint: string | undefined): unknown {
  if (!hint || !(err instanceof DatabaseError) || !err.message.endsWith(NOTHING_ANSWERS_ADVICE)) return err;
  return new DatabaseError(`${err.message}; ${hint}`, {
    code: err.code,
    cause: err.cause,
    ...(err.batch === undefined ? {} : { batch: err.batch }),
  });
}
