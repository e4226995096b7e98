import type { Verification } from '../../src/inspect/verify-seeded';
import { openTestDb } from '../support/test-db';
import type { TestDb } from '../support/test-db';
import { cli, runBin } from './support/cli';
import { seedBatch } from './support/seeding';

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
    expect(stdout).toBe('verify: OK (40 seeded calls, 40 activity logs in 2 batches); all 9 checks passed\n');
    expect(code).toBe(0);
  });

  test('an orphan log (its call deleted) fails, naming the log and the call', async () => {
    await t.db.collection('counters').updateOne({ _id: 'calls' as never }, { $set: { seq: 9000 } });
    await t.db.collection('calls').deleteOne({ id: 12 });
    const { code, stdout } = await cli(['verify', '--db', t.name]);
    expect(code).toBe(1);
    expect(stdout).toContain('verify: FAILED 1 of 9 checks (39 seeded calls, 40 activity logs in 2 batches)');
    expect(stdout).toContain('✗ every seeded activity log has its seeded call: 1 problem');
    expect(stdout).toContain('log 12 of batch batch-a points at call 12, which is not in that batch');
  });

  test('a schema violation fails with the field and what is wrong', async () => {
    await t.db.collection('counters').updateOne({ _id: 'calls' as never }, { $set: { seq: 9000 } });
    await t.db.collection('calls').updateOne({ id: 30 }, { $set: { type: 'sideways' } });
    await t.db.collection('activity_logs').updateOne({ id: 31 }, { $unset: { title: '' } });
    const failed = await failedChecks();
    expect(Object.keys(failed)).toEqual([
      'seeded calls pass the schema',
      'seeded activity logs pass the schema',
    ]);
    expect(failed['seeded calls pass the schema']!.examples[0]).toMatch(
      /^call 30 of batch batch-b: type: Invalid option/,
    );
    expect(failed['seeded activity logs pass the schema']!.examples[0]).toMatch(
      /^log 31 of batch batch-b: title:/,
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
    expect(failed['every seeded call has its seeded activity log']).toEqual({
      count: 1,
      examples: ['call 3 of batch batch-a has no activity log'],
    });
    expect(failed['call ids are unique']).toEqual({
      count: 1,
      examples: ['calls.id 20 is held by 2 documents (batch batch-a, unmarked)'],
    });
    expect(failed['call ukeys are unique']).toEqual({
      count: 2,
      examples: [
        'calls.ukey "100033" is held by 2 documents (batch batch-b, unmarked)',
        'calls.ukey "100037" is held by 2 documents (batch batch-b, batch batch-b)',
      ],
    });
    expect(failed['seeded calls pass the schema']!.examples).toEqual([
      'call 36 of batch batch-b: ukey: must be "100036"',
    ]);
    expect(failed['activity log ids are unique']).toEqual({
      count: 1,
      examples: ['activity_logs.id 35 is held by 2 documents (batch batch-b, batch batch-b)'],
    });
    expect(failed['the calls counter is ahead of the highest call id']!.examples[0]).toBe(
      'counter counters.calls is at 40 but "calls" holds id 9001; set "seq" to at least 9001',
    );
  });
});
