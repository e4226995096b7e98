import type { Db } from 'mongodb';
import type { Settings } from '../../config/settings-table';
import { DatabaseError } from '../../errors';
import { isConnectionLoss, isDriverError } from '../../write/driver-errors';
import { redactSecrets, redactUrl } from '../../redact';
import { openDatabase } from '../../write/connect';

/**
 * Connects (fast-fail, ping), runs, and always closes the client. A driver error from the
 * work becomes a DatabaseError (exit 3) with one line saying what happened.
 */
export async function withDatabase<T>(settings: Settings, work: (db: Db) => Promise<T>): Promise<T> {
  const { client, db } = await openDatabase(settings.mongoUrl, settings.dbName);
  try {
    return await work(db);
  } catch (err) {
    throw databaseFailure(err, settings);
  } finally {
    await client.close().catch(() => undefined);
  }
}

function databaseFailure(err: unknown, settings: Settings): unknown {
  if (!isDriverError(err)) return err;
  const where = `${settings.dbName} at ${redactUrl(settings.mongoUrl)}`;
  const what = isConnectionLoss(err) ? 'lost the connection to' : 'an operation failed on';
  return new DatabaseError(`${what} ${where}: ${redactSecrets(err.message)}`, {
    code: isConnectionLoss(err) ? 'CONNECTION_LOST' : 'DB_OPERATION_FAILED',
    cause: err,
  });
}
