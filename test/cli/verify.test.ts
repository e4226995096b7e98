import { Long } from 'mongodb';
import type { Verification } from 'crm-calls-seed/internal';
import { openTestDb } from '../support/test-db';
import type { TestDb } from '../support/test-db';
import { cli, runBin } from './support/cli';
import { seedBatch } from './support/seeding';

const CHECKS = 10;

describe('crm-seed verify', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await openTestDb('verify');
    await seedBatch(t.db, 'batch-a', 25);
    await seedBatch(t.db, 'batch-b', 15);
    await t.db
      .collection('calls')
      .insertOne({ id: 9000, subject: 'the app’s own, not checked against the schema' });
  });
  afterEach(async () => t.drop());

  async function failedChecks(): Promise<Record<string, { count: number; examples: string[] }>> {
    const { code, stdout } = await cli(['verify', '--json', '--db', t.name]);
    expect(code).toBe(1);
    const result = JSON.parse(stdout) as Verification;
    expect(result.ok).toBe(false);
    return Object.fromEntries(
      result.checks.filter((c) => c.problem.count > 0).map((c) => [c.name, c.problem]),
    );
  }

  test('exit 0 when every check passes (the real process)', async () => {
    await t.db.collection('counters').updateOne({ _id: 'calls' as never }, { $set: { seq: 9000 } });
    const { code, stdout } = await runBin(['verify', '--db', t.name]);
    expect(stdout).toBe(
      `verify: OK (40 calls, 40 activity_logs seeded in 2 batches); all ${CHECKS} checks passed\n`,
    );
    expect(code).toBe(0);
  });

  test('an orphan log (its call deleted) fails, naming the log and the call; the registry no longer matches', async () => {
    await t.db.collection('counters').updateOne({ _id: 'calls' as never }, { $set: { seq: 9000 } });
    await t.db.collection('calls').deleteOne({ id: 12 });
    const { code, stdout } = await cli(['verify', '--db', t.name]);
    expect(code).toBe(1);
    expect(stdout).toContain(
      `verify: FAILED 2 of ${CHECKS} checks (39 calls, 40 activity_logs seeded in 2 batches)`,
    );
    expect(stdout).toContain(
      '✗ activity_logs: every document belongs to a calls document of its batch: 1 problem',
    );
    expect(stdout).toContain('activity_logs id 12 points at calls 12, which is not in batch batch-a');
    expect(stdout).toContain('✗ the batch registry matches the documents: 1 problem');
    expect(stdout).toContain('batch batch-a: calls holds 24 documents, the registry says 25');
  });

  test('the examples shown are the lowest ids, whatever order the server reads documents in', async () => {
    await t.db.collection('counters').updateOne({ _id: 'calls' as never }, { $set: { seq: 9000 } });
    const log = await t.db.collection('activity_logs').findOne({ id: 1 }, { projection: { _id: 0 } });
    // Seven orphan logs stored highest id first, so a scan in storage order meets 9107 first.
    for (let id = 9107; id >= 9101; id--)
      await t.db.collection('activity_logs').insertOne({ ...log, id, entity_id: id });
    const failed = await failedChecks();
    expect(failed['activity_logs: every document belongs to a calls document of its batch']).toEqual({
      count: 7,
      examples: [9101, 9102, 9103, 9104, 9105].map(
        (id) => `activity_logs id ${id} points at calls ${id}, which is not in batch batch-a`,
      ),
    });
  });

  test('a schema violation fails with the field and what is wrong', async () => {
    await t.db.collection('counters').updateOne({ _id: 'calls' as never }, { $set: { seq: 9000 } });
    await t.db.collection('calls').updateOne({ id: 30 }, { $set: { type: 'sideways' } });
    await t.db.collection('activity_logs').updateOne({ id: 31 }, { $unset: { title: '' } });
    const failed = await failedChecks();
    expect(Object.keys(failed)).toEqual([
      'calls: seeded documents pass the schema',
      'activity_logs: seeded documents pass the schema',
    ]);
    expect(failed['calls: seeded documents pass the schema']!.examples[0]).toMatch(
      /^calls id 30 of batch batch-b: type: Invalid option/,
    );
    expect(failed['activity_logs: seeded documents pass the schema']!.examples[0]).toMatch(
      /^activity_logs id 31 of batch batch-b: title:/,
    );
  });

  test('a call without its log, duplicate ids and ukeys, and a counter behind the data fail', async () => {
    await t.db.collection('activity_logs').deleteOne({ entity_id: 3 });
    await t.db.collection('calls').insertOne({ id: 20, ukey: 'x', subject: 'the app reused a seeded id' });
    await t.db.collection('calls').insertOne({ id: 9001, ukey: '100033', subject: 'the app reused a ukey' });
    // Two seeded calls with one ukey (which the schema reports too).
    await t.db.collection('calls').updateOne({ id: 36 }, { $set: { ukey: '100037' } });
    // A seeded log stored twice (same id, both marked).
    const log = await t.db.collection('activity_logs').findOne({ id: 35 }, { projection: { _id: 0 } });
    await t.db.collection('activity_logs').insertOne({ ...log });
    const failed = await failedChecks();
    expect(failed['calls: every document has its 1 activity_logs']).toEqual({
      count: 2,
      examples: [
        'calls 3 of batch batch-a has 0 activity_logs, not 1',
        'calls 35 of batch batch-b has 2 activity_logs, not 1',
      ],
    });
    expect(failed['calls: ids are unique']).toEqual({
      count: 1,
      examples: ['calls.id 20 is held by 2 documents (batch batch-a, unmarked)'],
    });
    expect(failed['calls: ukey values are unique']).toEqual({
      count: 2,
      examples: [
        'calls.ukey "100033" is held by 2 documents (batch batch-b, unmarked)',
        'calls.ukey "100037" is held by 2 documents (batch batch-b, batch batch-b)',
      ],
    });
    expect(failed['calls: seeded documents pass the schema']!.examples).toEqual([
      'calls id 36 of batch batch-b: ukey: must be "100036"',
    ]);
    expect(failed['activity_logs: ids are unique']).toEqual({
      count: 1,
      examples: ['activity_logs.id 35 is held by 2 documents (batch batch-b, batch batch-b)'],
    });
    expect(failed["calls: the app's counter is ahead of the ids"]!.examples[0]).toBe(
      'counter counters.calls is at 40 but "calls" holds id 9001; set "seq" to at least 9001',
    );
    expect(failed['the batch registry matches the documents']!.examples).toEqual([
      'batch batch-a: activity_logs holds 24 documents, the registry says 25',
      'batch batch-b: activity_logs holds 16 documents, the registry says 15',
    ]);
  });
});

/**
 * Ids from the app's counters can be any integer a JavaScript number holds exactly: verify
 * must be right up to 2^53 - 1, and refuse (one line, exit 4) an id beyond it rather than give
 * a verdict it cannot stand behind.
 */
describe('crm-seed verify with large ids', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await openTestDb('verify-large');
  });
  afterEach(async () => t.drop());

  /** A batch seeded through the library with both counters standing at `seq`. */
  async function seedFrom(seq: number, batch: string, calls: number): Promise<void> {
    for (const name of ['calls', 'activity_logs'])
      await t.db
        .collection('counters')
        .updateOne({ _id: name as never }, { $set: { seq } }, { upsert: true });
    await seedBatch(t.db, batch, calls);
  }

  test.each([
    ['just above 2^32', 2 ** 32],
    ['above 2^33', 2 ** 33 + 12_345],
    ['just below 2^53', Number.MAX_SAFE_INTEGER - 1_000],
  ])('ids %s: every check passes, and an orphan is the one it is', async (_what, seq) => {
    await seedFrom(seq, 'large-a', 60);
    await seedFrom(seq + 500, 'large-b', 40);
    const calls = await t.db.collection('calls').find({}).sort({ id: 1 }).toArray();
    expect(calls[0]!['id']).toBe(seq + 1);
    const ok = await runBin(['verify', '--db', t.name]);
    expect({ code: ok.code, stdout: ok.stdout, stderr: ok.stderr }).toEqual({
      code: 0,
      stdout: `verify: OK (100 calls, 100 activity_logs seeded in 2 batches); all ${CHECKS} checks passed\n`,
      stderr: '',
    });

    // One call gone: exactly its log is an orphan, named with its exact ids.
    const gone = calls[30]!['id'] as number;
    await t.db.collection('calls').deleteOne({ id: gone });
    const log = await t.db.collection('activity_logs').findOne({ entity_id: gone });
    const { code, stdout } = await cli(['verify', '--json', '--db', t.name]);
    expect(code).toBe(1);
    const failed = (JSON.parse(stdout) as Verification).checks.filter((c) => c.problem.count > 0);
    expect(failed.map((c) => [c.name, c.problem.examples])).toEqual([
      [
        'activity_logs: every document belongs to a calls document of its batch',
        [`activity_logs id ${String(log!['id'])} points at calls ${gone}, which is not in batch large-a`],
      ],
      [
        'the batch registry matches the documents',
        ['batch large-a: calls holds 59 documents, the registry says 60'],
      ],
    ]);
  });

  test.each([
    [
      'a Long above 2^53 (an app call)',
      'calls',
      { id: Long.fromString('9007199254740993'), subject: 'x' },
      'calls.id 9007199254740993',
    ],
    [
      'a double above 2^53 (an app call)',
      'calls',
      { id: 2 ** 53 + 2, subject: 'x' },
      'calls.id 9007199254740994',
    ],
    [
      'a seeded log pointing at a Long above 2^53',
      'activity_logs',
      { id: 77, entity_id: Long.fromString('18014398509481985'), seed_batch: 'large-a' },
      'activity_logs.entity_id 18014398509481985',
    ],
  ])('%s: one line, exit 4, no verdict', async (_what, collection, doc, named) => {
    await seedFrom(100, 'large-a', 20);
    await t.db.collection(collection).insertOne(doc);
    const result = await runBin(['verify', '--db', t.name]);
    expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 4, stdout: '' });
    const field = named.split(' ')[0]!.split('.');
    expect(result.stderr).toBe(
      `crm-seed: verify cannot check ${named} exactly: it is above 9,007,199,254,740,991 (2^53 - 1), the largest integer JavaScript holds exactly, so any verdict on it could be wrong; nothing was checked (find it with db.${field[0]!}.find({ ${field[1]!}: { $gt: 9007199254740991 } }))\n`,
    );
  });

  test('a Long counter within 2^53 is read as the number it holds', async () => {
    await seedFrom(2 ** 40, 'large-a', 10);
    for (const name of ['calls', 'activity_logs'])
      await t.db
        .collection('counters')
        .updateOne({ _id: name as never }, { $set: { seq: Long.fromNumber(2 ** 40 + 10) } });
    expect((await cli(['verify', '--db', t.name])).code).toBe(0);
  });
});
