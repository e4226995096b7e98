import { crmCalls } from 'crm-calls-seed';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  acquireSeedLock,
  activityLogForCall,
  callFromRow,
  generateAll,
  planOf,
  silentLogger,
} from 'crm-calls-seed/internal';
import type { ActivityLogDoc, CallDoc } from 'crm-calls-seed/internal';
import { openTestDb, snapshotDatabase, stripIds } from '../support/test-db';
import type { TestDb } from '../support/test-db';
import { tempDir } from './support/temp-dir';
import { cli } from './support/cli';
import { REF_DATE } from './support/seeding';

const FIXED = ['--seed', '9', '--ref-date', REF_DATE];
const IMPORT_TIME = '2025-11-01T09:00:00.000Z';

async function storedCalls(t: TestDb, batch: string): Promise<Record<string, unknown>[]> {
  return t.db.collection('calls').find({ seed_batch: batch }).sort({ id: 1 }).toArray();
}

describe('crm-seed import', () => {
  let t: TestDb;
  beforeEach(async () => (t = await openTestDb('import')));
  afterEach(async () => t.drop());

  test.each(['jsonl', 'csv'])(
    'export -> import round trip (%s) gives the same calls, new ids, their logs',
    async (format) => {
      const dir = tempDir();
      const file = `calls.${format}`;
      expect((await cli(['generate', '--calls', '150', '--out', file, ...FIXED], { cwd: dir })).code).toBe(0);
      // The app already handed out ids up to 1000: imported ids come after them.
      await t.db
        .collection('counters')
        .insertMany([{ _id: 'calls', seq: 1000 } as never, { _id: 'activity_logs', seq: 5000 } as never]);

      const { code, stdout, stderr } = await cli(
        ['import', file, '--db', t.name, '--ref-date', IMPORT_TIME],
        { cwd: dir },
      );
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toContain(`marker         seed_batch = "import-${file}"`);

      const exported = generatedCalls({ calls: 150, randomSeed: 9 }, 'generated').calls;
      const imported = await storedCalls(t, `import-${file}`);
      expect(imported).toHaveLength(150);
      expect(imported.map((c) => stripIds(c, ['id', 'ukey', 'seed_batch']))).toEqual(
        exported.map((c) => stripIds(c, ['id', 'ukey', 'seed_batch'])),
      );
      expect(imported.map((c) => c['id'])).toEqual(Array.from({ length: 150 }, (_, i) => 1001 + i));
      expect(imported.every((c) => c['ukey'] === `1000${String(c['id'])}`)).toBe(true);

      const logs = await t.db
        .collection('activity_logs')
        .find({ seed_batch: `import-${file}` })
        .sort({ id: 1 })
        .toArray();
      expect(logs.map((l) => stripIds(l))).toEqual(
        (imported as unknown as CallDoc[]).map((c, i) =>
          stripIds(activityLogForCall({ ...c }, 5001 + i) as never),
        ),
      );
      expect(await t.db.collection('counters').find().sort({ _id: 1 }).toArray()).toEqual([
        { _id: 'activity_logs', seq: 5150 },
        { _id: 'calls', seq: 1150 },
      ]);
      expect((await cli(['verify', '--db', t.name])).code).toBe(0);
    },
  );

  test('text with commas, quotes and line breaks survives a CSV round trip', async () => {
    const dir = tempDir();
    const subjects = ['Call, with a comma', 'He said "call me"', 'Two\nlines'];
    writeFileSync(
      join(dir, 'crm-seed.config.json'),
      JSON.stringify({ valuesMode: 'replace', subjects, agendas: ['a,"b"\r\nc'] }),
    );
    expect(
      (await cli(['generate', '--calls', '30', '--out', 'tricky.csv', ...FIXED], { cwd: dir })).code,
    ).toBe(0);
    expect((await cli(['import', 'tricky.csv', '--db', t.name], { cwd: dir })).code).toBe(0);
    const calls = await storedCalls(t, 'import-tricky.csv');
    expect(new Set(calls.map((c) => c['subject']))).toEqual(new Set(subjects));
    expect(new Set(calls.map((c) => c['agenda']))).toEqual(new Set(['a,"b"\r\nc']));
  });

  test('bad rows: each reported with its line number, the whole file refused, nothing written', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'calls.csv'),
      [
        'subject,type,start_time,call_for,call_for_id,related_to,related_to_id,owner_id,status_id,caller_id,dialled_number',
        'Good call,inbound,2025-10-01T10:00:00Z,Lead,5,Lead,5,1,1,5551234567,',
        'Bad type,sideways,2025-10-01T10:00:00Z,Lead,5,Lead,5,1,1,5551234567,',
        'Good call,outbound,2025-10-01T10:00:00Z,Lead,5,Lead,5,1,1,,5551234567',
        ',inbound,2025-10-01T10:00:00Z,Lead,5,Lead,5,1,1,5551234567,',
        'Bad id,inbound,2025-10-01T10:00:00Z,Lead,five,Lead,5,1,1,5551234567,',
        'Too few fields,inbound',
      ].join('\n'),
    );
    await t.db.collection('calls').insertOne({ id: 1, subject: 'the app’s own' });
    const before = await snapshotDatabase(t.db);
    const { code, stderr } = await cli(['import', 'calls.csv', '--db', t.name], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toContain('crm-seed: calls.csv: 4 bad rows, nothing imported:');
    expect(stderr).toContain('line 3: type: Invalid option');
    expect(stderr).toContain('line 5: missing required field subject');
    expect(stderr).toContain('line 6: call_for_id:');
    expect(stderr).toContain('line 7: has 2 fields, the header has 11');
    expect(await snapshotDatabase(t.db)).toEqual(before);
  });

  test('malformed CSV and bad JSON lines are input errors; nothing is written', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.csv'), 'subject,type\n"unclosed,inbound\n');
    writeFileSync(join(dir, 'broken.jsonl'), '{"subject": "x"\n[1,2]\n');
    const before = await snapshotDatabase(t.db);

    const csv = await cli(['import', 'broken.csv', '--db', t.name], { cwd: dir });
    expect(csv.code).toBe(2);
    expect(csv.stderr).toMatch(/^crm-seed: broken.csv line \d+: malformed CSV \(Quote Not Closed/);

    const jsonl = await cli(['import', 'broken.jsonl', '--db', t.name], { cwd: dir });
    expect(jsonl.code).toBe(2);
    expect(jsonl.stderr).toContain('line 1: not valid JSON');
    expect(jsonl.stderr).toContain('line 2: must be a JSON object, one call per line');
    expect(await snapshotDatabase(t.db)).toEqual(before);
  });

  test('missing optional fields are filled; tenant and user come from --tenant/--user', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'minimal.jsonl'),
      [
        {
          subject: 'Past',
          type: 'inbound',
          start_time: '2025-10-01T10:00:00Z',
          call_for: 'Contact',
          call_for_id: 8,
          related_to: 'Account',
          related_to_id: 2,
          owner_id: 4,
          status_id: '2',
          caller_id: '5550001111',
        },
        {
          subject: 'Future',
          type: 'outbound',
          start_time: '2026-01-01T10:00:00Z',
          call_for: 'Lead',
          call_for_id: '9',
          related_to: 'Lead',
          related_to_id: '9',
          owner_id: '4',
          status_id: '1',
          dialled_number: '5550002222',
          tenant_id: 12,
        },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const { code } = await cli(
      [
        'import',
        'minimal.jsonl',
        '--db',
        t.name,
        '--tenant',
        '5',
        '--user',
        '6',
        '--batch',
        'mini',
        '--ref-date',
        IMPORT_TIME,
      ],
      { cwd: dir },
    );
    expect(code).toBe(0);
    const [past, future] = await storedCalls(t, 'mini');
    expect(past).toMatchObject({
      id: 1,
      ukey: '50001',
      tenant_id: 5,
      user_id: 6,
      add_by: 6,
      closed: 1,
      active: 1,
      deletable: 1,
      deleted: 0,
      purpose: '',
      duration: '',
      result: '',
      dialled_number: '',
      createdon: IMPORT_TIME,
      updatedon: IMPORT_TIME,
    });
    expect(future).toMatchObject({
      id: 2,
      ukey: '120002',
      tenant_id: 12,
      call_for_id: 9,
      owner_id: 4,
      closed: 0,
    });
  });

  test('the marker is derived from the file name; importing it again is refused; cleanup --batch removes it all', async () => {
    const dir = tempDir();
    expect(
      (await cli(['generate', '--calls', '20', '--out', 'calls.jsonl', ...FIXED], { cwd: dir })).code,
    ).toBe(0);
    await t.db.collection('calls').insertOne({ id: 500, subject: 'the app’s own' });
    await t.db.collection('activity_logs').insertOne({ id: 70, entity_type: 'call', entity_id: 500 });
    const before = await snapshotDatabase(t.db, ['counters']);

    expect((await cli(['import', 'calls.jsonl', '--db', t.name], { cwd: dir })).code).toBe(0);
    const again = await cli(['import', 'calls.jsonl', '--db', t.name], { cwd: dir });
    expect(again.code).toBe(4);
    expect(again.stderr).toContain(
      'marker "import-calls.jsonl" is already in use (20 calls, 20 activity_logs)',
    );
    expect(await t.db.collection('calls').countDocuments({ seed_batch: 'import-calls.jsonl' })).toBe(20);

    expect((await cli(['cleanup', '--batch', 'import-calls.jsonl', '--yes', '--db', t.name])).code).toBe(0);
    expect(await snapshotDatabase(t.db, ['counters', 'seed_locks', 'seed_batches'])).toEqual(before);
  });

  test('a write failing midway removes what was written: all or nothing', async () => {
    const dir = tempDir();
    expect(
      (await cli(['generate', '--calls', '12', '--out', 'calls.jsonl', ...FIXED], { cwd: dir })).code,
    ).toBe(0);
    // The app's unique ukey index and a document already holding the ukey the 5th imported call gets.
    await t.db.collection('calls').createIndex({ ukey: 1 }, { unique: true });
    await t.db.collection('counters').insertOne({ _id: 'calls', seq: 100 } as never);
    await t.db.collection('calls').insertOne({ id: 7, ukey: '1000105', subject: 'the app’s own' });
    await t.db.collection('activity_logs').insertOne({ id: 70, entity_type: 'call', entity_id: 7 });
    const before = await snapshotDatabase(t.db, ['counters']);

    const { code, stderr } = await cli(['import', 'calls.jsonl', '--db', t.name, '--batch-size', '3'], {
      cwd: dir,
    });
    expect(code).toBe(3);
    expect(stderr).toMatch(
      /^crm-seed: import failed: .*duplicate key.*; removed the \d+ calls and \d+ activity logs written so far\n$/,
    );
    expect(await snapshotDatabase(t.db, ['counters', 'seed_locks', 'seed_batches'])).toEqual(before);
  });

  test('another run holding the seed lock: refused (exit 4), nothing written', async () => {
    const dir = tempDir();
    expect(
      (await cli(['generate', '--calls', '5', '--out', 'calls.jsonl', ...FIXED], { cwd: dir })).code,
    ).toBe(0);
    const lock = await acquireSeedLock(t.db, { command: 'up', batch: 'someone-else' }, silentLogger);
    try {
      const { code, stderr } = await cli(['import', 'calls.jsonl', '--db', t.name], { cwd: dir });
      expect(code).toBe(4);
      expect(stderr).toContain('another seed run holds the lock: "up" of batch someone-else');
    } finally {
      await lock.release();
    }
    expect(await t.db.collection('calls').countDocuments()).toBe(0);
    expect(await t.db.collection('activity_logs').countDocuments()).toBe(0);
  });
});

/** The calls and logs the generator makes for these options (no database), ids from firstIds. */
function generatedCalls(
  values: Record<string, unknown>,
  batch: string,
  firstIds: Record<string, number> = {},
): { calls: CallDoc[]; logs: ActivityLogDoc[] } {
  const docs = generateAll(planOf(crmCalls, { refDate: REF_DATE, ...values }, { batch }), 1000, firstIds);
  return { calls: docs['calls'] as CallDoc[], logs: docs['activity_logs'] as ActivityLogDoc[] };
}

describe('imported rows (no database)', () => {
  const defaults = { batch: 'b', tenantId: 1, userId: 1, importedAt: new Date(IMPORT_TIME) };

  test('the activity log of an imported call is the one the generator makes for it', () => {
    const chunk = generatedCalls({ calls: 50, randomSeed: 3 }, 'b', { calls: 1, activity_logs: 101 });
    chunk.calls.forEach((call, i) => expect(activityLogForCall(call, 101 + i)).toEqual(chunk.logs[i]));
  });

  test('a generated call read back from text (CSV) is the same call', () => {
    const chunk = generatedCalls({ calls: 20, randomSeed: 4 }, 'b');
    for (const call of chunk.calls) {
      const asText = Object.fromEntries(
        Object.entries(call)
          .filter(([, v]) => v !== '')
          .map(([k, v]) => [k, String(v)]),
      );
      expect(callFromRow(asText, call.id, defaults)).toEqual({ call });
    }
  });

  test('unknown fields are named', () => {
    expect(callFromRow({ subject: 'x', reminder: '5' }, 1, defaults)).toEqual({
      error: 'unknown field "reminder"',
    });
  });
});
