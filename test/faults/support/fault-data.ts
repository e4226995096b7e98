import { createHash } from 'node:crypto';
import { BSON } from 'mongodb';
import type { Db } from 'mongodb';

export const SEED_FILE = '20251010000000-calls-500.ts';
export const BATCH = '20251010000000-calls-500';

/**
 * What the app already has: unmarked calls and logs in the id range the seed continues from,
 * a document carrying another batch's marker, counters of other sequences, another collection.
 * None of it may change, whatever the seed does.
 */
export async function addForeignData(db: Db): Promise<void> {
  await db.collection('calls').insertMany([
    ...Array.from({ length: 20 }, (_, i) => ({
      id: i + 1,
      ukey: `1000${i + 1}`,
      subject: `Real call ${i + 1}`,
      type: i % 2 ? 'inbound' : 'outbound',
      tenant_id: 1,
      deleted: 0,
      createdon: new Date(Date.UTC(2024, 0, i + 1)),
    })),
    { id: 21, ukey: '10021', subject: 'Seeded by someone else', seed_batch: 'another-teams-batch' },
    {
      id: 22,
      ukey: '10022',
      subject: 'Odd fields',
      seed: 'not our marker',
      nested: { a: [1, 2, { b: null }] },
    },
  ]);
  await db.collection('activity_logs').insertMany(
    Array.from({ length: 22 }, (_, i) => ({
      id: i + 1,
      activity_type: 'call_created',
      entity_type: 'call',
      entity_id: i + 1,
      tenant_id: 1,
    })),
  );
  await db
    .collection('counters')
    .insertMany([
      { _id: 'calls', seq: 22, note: 'kept by the app' } as never,
      { _id: 'activity_logs', seq: 22 } as never,
      { _id: 'leads', seq: 41 } as never,
    ]);
  await db.collection('leads').insertMany([
    { id: 40, name: 'Ada' },
    { id: 41, name: 'Grace', tags: ['vip'] },
  ]);
}

/**
 * Every document the seed does not own, _id included, in a stable order: marked documents of
 * `batches`, the seed's own bookkeeping (changelog, seed_locks) and the seq of the two
 * sequences it reserves ids from (advanced by design, never reset) left out. Marked documents
 * are filtered by the server, so a 100,000-call batch is not shipped to the test.
 */
export async function foreignSnapshot(db: Db, batches: readonly string[] = [BATCH]): Promise<unknown> {
  const out: Record<string, unknown[]> = {};
  const names = (await db.listCollections().toArray()).map((c) => c.name).sort();
  for (const name of names) {
    if (name === 'changelog' || name === 'seed_locks') continue;
    const filter = name === 'calls' || name === 'activity_logs' ? { seed_batch: { $nin: [...batches] } } : {};
    const docs = await db.collection<Record<string, unknown>>(name).find(filter).sort({ _id: 1 }).toArray();
    out[name] =
      name === 'counters'
        ? docs.map((d) =>
            ['calls', 'activity_logs'].includes(String(d['_id'])) ? { ...d, seq: 'advanced by the seed' } : d,
          )
        : docs;
  }
  for (const name of ['calls', 'activity_logs']) if (out[name]?.length === 0) delete out[name];
  return out;
}

export function hashOf(snapshot: unknown): string {
  return createHash('sha256')
    .update(BSON.EJSON.stringify(snapshot, { relaxed: false }))
    .digest('hex');
}

/**
 * Exactly `count` calls and logs of the batch, contiguous ids, one log per call and one call
 * per log (no orphans either way), no id or ukey shared with any other document of the
 * collection, one changelog entry. One pass over each collection: a 100,000-call batch on
 * FerretDB makes every scan count.
 */
export async function expectExactBatch(db: Db, count: number, batch = BATCH): Promise<void> {
  const calls = await db
    .collection('calls')
    .find({}, { projection: { _id: 0, id: 1, ukey: 1, seed_batch: 1 } })
    .toArray();
  const logs = await db
    .collection('activity_logs')
    .find({}, { projection: { _id: 0, id: 1, entity_id: 1, seed_batch: 1 } })
    .toArray();
  const ours = (d: Record<string, unknown>): boolean => d['seed_batch'] === batch;
  const callIds = calls.filter(ours).map((d) => d['id'] as number);
  const logIds = logs.filter(ours).map((d) => d['id'] as number);
  expect({ calls: callIds.length, logs: logIds.length }).toEqual({ calls: count, logs: count });
  expectUnique('calls.id', calls.map(field('id')));
  expectUnique('calls.ukey', calls.map(field('ukey')));
  expectUnique('activity_logs.id', logs.map(field('id')));
  expectContiguous(callIds);
  expectContiguous(logIds);
  const entityIds = logs.filter(ours).map((d) => d['entity_id'] as number);
  expectUnique('activity_logs.entity_id of the batch', entityIds);
  const callIdSet = new Set(callIds);
  expect(entityIds.filter((id) => !callIdSet.has(id))).toEqual([]);
  expect(await db.collection('changelog').countDocuments({ fileName: `${batch}.ts` })).toBe(1);
}

const field =
  (name: string) =>
  (d: Record<string, unknown>): unknown =>
    d[name];

function expectUnique(what: string, values: unknown[]): void {
  const seen = new Set<unknown>();
  const dupes = values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
  expect({ what, dupes: dupes.slice(0, 5) }).toEqual({ what, dupes: [] });
}

function expectContiguous(ids: number[]): void {
  const sorted = [...ids].sort((a, b) => a - b);
  expect(sorted[sorted.length - 1]! - sorted[0]!).toBe(ids.length - 1);
}

/** Marked documents of the batch, for the state a killed run left. */
export async function batchCounts(db: Db, batch = BATCH): Promise<{ calls: number; logs: number }> {
  const [calls, logs] = await Promise.all([
    db.collection('calls').countDocuments({ seed_batch: batch }),
    db.collection('activity_logs').countDocuments({ seed_batch: batch }),
  ]);
  return { calls, logs };
}
