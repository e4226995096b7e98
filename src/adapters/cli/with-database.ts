import type { Db } from 'mongodb';
import type { Settings } from '../../config/settings-table';
import { databaseFailure } from '../../write/connection/database-failure';
import { redactUrl } from '../../redact';
import { closeClient, openDatabase } from '../../write/connection/connect';

/**
 * Connects (fast-fail, ping), runs, and always closes the client. A driver error from the
 * work becomes a DatabaseError (exit 3) with one line saying what happened.
 */
export async function withDatabase<T>(settings: Settings, work: (db: Db) => Promise<T>): Promise<T> {
  const { client, db } = await openDatabase(settings.mongoUrl, settings.dbName);
  try {
    return await work(db);
  } catch (err) {
    throw failureOf(err, settings);
  } finally {
    await closeClient(client);
  }
}

function failureOf(err: unknown, settings: Settings): unknown {
  const where = `${settings.dbName} at ${redactUrl(settings.mongoUrl)}`;
  return databaseFailure(err, {
    lost: (detail) => `lost the connection to ${where}: ${detail}`,
    refused: (detail) => `an operation failed on ${where}: ${detail}`,
  });
}
