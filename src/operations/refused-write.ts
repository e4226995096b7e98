import type { Db } from 'mongodb';
import { DatabaseError } from '../errors';
import { redactSecrets } from '../redact';
import { explainDuplicateKey } from '../write/duplicate-key';
import { describeRemoved, takeBackOwn } from './batch-removal';

/**
 * The server refused one of `up`'s writes while the connection is still there (a unique
 * index of the app's, a validator): not an outage, so "run up again when the server is back"
 * would be wrong. This run's writes are taken back at once, by marker, under the lock it still
 * holds, and the error names the cause (for a duplicate key: collection, index and value) and
 * what was removed.
 */
export async function takeBackRefusedUp(
  db: Db,
  batch: string,
  runId: string,
  failure: unknown,
): Promise<Error> {
  const explained = await explainDuplicateKey(db, failure);
  const reason =
    explained?.message ??
    `the database refused a write (${redactSecrets(failure instanceof Error ? failure.message : String(failure))})`;
  let removed: string;
  try {
    const taken = await takeBackOwn(db, batch, runId);
    removed =
      taken.total === 0 ? 'nothing had been written' : `removed the ${describeRemoved(taken)} it had written`;
  } catch {
    removed = 'what it wrote is removed by the next up or down of this seed file';
  }
  return new DatabaseError(
    `up of batch ${batch} stopped: ${reason}; ${removed}, and nothing is recorded in the changelog`,
    { code: explained?.code ?? 'DB_OPERATION_FAILED', batch, cause: failure },
  );
}
