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

type Doc = Record<string, unknown>;

/** The database read once: documents of `batches` apart, everything else as a stable snapshot. */
interface DatabaseState {
  readonly foreign: Record<string, Doc[]>;
  readonly calls: Doc[];
  readonly logs: Doc[];
}

/**
 * One unfiltered read per collection (on FerretDB every query over a 100,000-call batch is a
 * full scan, so reading twice costs twice). Left out of `foreign`: marked documents of
 * `batches`, the seed's own bookkeeping (changelog, seed_locks, seed_batches) and the seq of the two
 * sequences it reserves ids from (advanced by design, never reset). Sorted in the test by _id.
 */
async function readState(db: Db, batches: readonly string[]): Promise<DatabaseState> {
  const foreign: Record<string, Doc[]> = {};
  const state = { foreign, calls: [] as Doc[], logs: [] as Doc[] };
  const names = (await db.listCollections().toArray()).map((c) => c.name).sort();
  for (const name of names) {
    if (name === 'changelog' || name === 'seed_locks' || name === 'seed_batches') continue;
    const docs = await db.collection<Doc>(name).find().toArray();
    const own = (d: Doc): boolean => batches.includes(d['seed_batch'] as string);
    if (name === 'calls') state.calls = docs.filter(own);
    if (name === 'activity_logs') state.logs = docs.filter(own);
    const rest = docs
      .filter((d) => !own(d))
      .map((d) =>
        name === 'counters' && ['calls', 'activity_logs'].includes(String(d['_id']))
          ? { ...d, seq: 'advanced by the seed' }
          : d,
      );
    if (rest.length > 0 || (name !== 'calls' && name !== 'activity_logs')) foreign[name] = sortById(rest);
  }
  return state;
}

function sortById(docs: Doc[]): Doc[] {
  const key = (d: Doc): string => BSON.EJSON.stringify(d['_id'], { relaxed: false });
  return docs.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Every document the seed does not own, _id included, in a stable order (see readState). */
export async function foreignSnapshot(db: Db, batches: readonly string[] = [BATCH]): Promise<unknown> {
  return (await readState(db, batches)).foreign;
}

/**
 * batchCounts and foreignSnapshot from one read of the database: on FerretDB a count is a full
 * scan too, which costs as much as reading the batch's documents once.
 */
export async function batchCountsAndForeign(
  db: Db,
  batch = BATCH,
): Promise<{ counts: { calls: number; logs: number }; foreign: unknown }> {
  const state = await readState(db, [batch]);
  return { counts: { calls: state.calls.length, logs: state.logs.length }, foreign: state.foreign };
}

export function hashOf(snapshot: unknown): string {
  return createHash('sha256')
    .update(BSON.EJSON.stringify(snapshot, { relaxed: false }))
    .digest('hex');
}

/**
 * Exactly `count` calls and logs of the batch, contiguous ids, one log per call and one call
 * per log (no orphans either way), no id or ukey shared with any other document of the
 * collection, one changelog entry; and, when given, the foreign data equal to `foreign`.
 */
export async function expectExactBatch(
  db: Db,
  count: number,
  foreign?: unknown,
  batch = BATCH,
): Promise<void> {
  const state = await readState(db, [batch]);
  const field =
    (name: string) =>
    (d: Doc): unknown =>
      d[name];
  const callIds = state.calls.map((d) => d['id'] as number);
  const logIds = state.logs.map((d) => d['id'] as number);
  expect({ calls: callIds.length, logs: logIds.length }).toEqual({ calls: count, logs: count });
  const allCalls = [...state.calls, ...(state.foreign['calls'] ?? [])];
  expectUnique('calls.id', allCalls.map(field('id')));
  expectUnique('calls.ukey', allCalls.map(field('ukey')));
  expectUnique(
    'activity_logs.id',
    [...state.logs, ...(state.foreign['activity_logs'] ?? [])].map(field('id')),
  );
  expectContiguous(callIds);
  expectContiguous(logIds);
  const entityIds = state.logs.map((d) => d['entity_id'] as number);
  expectUnique('activity_logs.entity_id of the batch', entityIds);
  const callIdSet = new Set(callIds);
  expect(entityIds.filter((id) => !callIdSet.has(id))).toEqual([]);
  expect(await db.collection('changelog').countDocuments({ fileName: `${batch}.ts` })).toBe(1);
  if (foreign !== undefined) expect(state.foreign).toEqual(foreign);
}

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
