import type { Db } from 'mongodb';
import { crmCalls, seedCalls } from 'crm-calls-seed';
import type { DatasetResult } from 'crm-calls-seed';
import { resolveSettings } from 'crm-calls-seed/internal';
import type { CallsSettings } from 'crm-calls-seed/internal';
import { serverUrl } from '../../support/test-db';

export const REF_DATE = '2025-10-10T12:00:00Z';

/** Settings for a test database, as flags would give them, with a fixed reference date. */
export function testSettings(dbName: string, values: Record<string, unknown> = {}): CallsSettings {
  return resolveSettings(
    [{ kind: 'flag', values: { mongoUrl: serverUrl(), dbName, refDate: REF_DATE, ...values } }],
    new Date(REF_DATE),
    crmCalls,
  ) as CallsSettings;
}

/** Settings for generation alone (no database, so no server URL), with the fixed reference date. */
export function generationSettings(values: Record<string, unknown> = {}): CallsSettings {
  return resolveSettings(
    [{ kind: 'flag', values: { refDate: REF_DATE, ...values } }],
    new Date(REF_DATE),
    crmCalls,
  ) as CallsSettings;
}

/** A batch seeded through the library, as `migrate-mongo up` would. */
export function seedBatch(db: Db, batch: string, calls: number): Promise<DatasetResult> {
  return seedCalls({ db, batch, calls, refDate: REF_DATE });
}

/**
 * The app's own data: unmarked calls and logs (some with ids inside the seeded range, which
 * cleanup must still never touch), a counter and an unrelated collection.
 */
export async function insertForeignData(db: Db): Promise<void> {
  await db.collection('calls').insertMany([
    { id: 3, ukey: '1000x3', subject: 'Real call sharing a seeded id', type: 'inbound', tenant_id: 1 },
    { id: 900_001, ukey: '10009000001', subject: 'Real customer call', type: 'outbound', tenant_id: 1 },
  ]);
  await db.collection('activity_logs').insertMany([
    { id: 4, activity_type: 'call_created', entity_type: 'call', entity_id: 3 },
    { id: 900_001, activity_type: 'call_updated', entity_type: 'call', entity_id: 900_001 },
  ]);
  await db.collection('leads').insertOne({ id: 41, name: 'Ada' });
}

/** Every document without a marker, in a stable order: must be byte-identical after any cleanup. */
export async function unmarkedDocs(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const { name } of await db.listCollections().toArray()) {
    if (name === 'seed_locks' || name === 'seed_batches' || name === 'counters') continue;
    out[name] = await db
      .collection(name)
      .find({ seed_batch: { $exists: false } })
      .sort({ _id: 1 })
      .toArray();
  }
  return out;
}
