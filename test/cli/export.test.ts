import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedCalls } from 'crm-calls-seed';
import { openTestDb, stripIds } from '../support/test-db';
import type { TestDb } from '../support/test-db';
import { cli } from './support/cli';
import { tempDir } from './support/temp-dir';
import { REF_DATE } from './support/seeding';

/** What import replaces: the ids (and the ukey built on them), the marker, the run. */
const REPLACED = ['id', 'ukey', 'entity_id', 'seed_batch'];

describe('crm-seed export: a batch out of the database, and import of it into another', () => {
  let source: TestDb;
  let target: TestDb;
  beforeAll(async () => {
    source = await openTestDb('export_source');
    target = await openTestDb('export_target');
    await seedCalls({ db: source.db, batch: 'dev-calls', calls: 40, refDate: REF_DATE, randomSeed: 3 });
    await source.db.collection('calls').insertOne({ id: 999, subject: 'an app call, not the batch’s' });
  });
  afterAll(async () => {
    await source.drop();
    await target.drop();
  });

  const stored = async (t: TestDb, name: string, batch: string) =>
    (await t.db.collection(name).find({ seed_batch: batch }).sort({ id: 1 }).toArray()).map((d) =>
      stripIds(d, REPLACED),
    );

  test.each(['jsonl', 'csv'])(
    'as %s, a folder per collection; import gives the same documents with new ids',
    async (format) => {
      const dir = tempDir();
      const exported = await cli(
        ['export', '--batch', 'dev-calls', '--out', 'out', '--format', format, '--db', source.name],
        {
          cwd: dir,
        },
      );
      expect(exported.stderr).toBe('');
      expect(exported.code).toBe(0);
      expect(exported.stdout).toContain('Exported batch dev-calls');
      const calls = readFileSync(join(dir, 'out', `calls.${format}`), 'utf8')
        .trim()
        .split('\n');
      expect(calls).toHaveLength(format === 'csv' ? 41 : 40);
      expect(readFileSync(join(dir, 'out', `calls.${format}`), 'utf8')).not.toContain('an app call');

      const batch = `moved-${format}`;
      await target.db
        .collection('counters')
        .updateOne({ _id: 'calls' as never }, { $max: { seq: 5000 } }, { upsert: true });
      const imported = await cli(
        [
          'import',
          join('out', `calls.${format}`),
          '--batch',
          batch,
          '--db',
          target.name,
          '--ref-date',
          REF_DATE,
        ],
        { cwd: dir },
      );
      expect(imported.stderr).toBe('');
      expect(imported.code).toBe(0);
      expect(await stored(target, 'calls', batch)).toEqual(await stored(source, 'calls', 'dev-calls'));
      expect(await stored(target, 'activity_logs', batch)).toEqual(
        await stored(source, 'activity_logs', 'dev-calls'),
      );
      const ids = (await target.db.collection('calls').find({ seed_batch: batch }).toArray()).map(
        (d) => d['id'] as number,
      );
      expect(Math.min(...ids)).toBeGreaterThan(5000);
    },
  );

  test('one collection to standard output; the summary goes to stderr', async () => {
    const result = await cli([
      'export',
      '--batch',
      'dev-calls',
      '--collection',
      'activity_logs',
      '--out',
      '-',
      '--db',
      source.name,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(40);
    expect(result.stderr).toContain('activity_logs  40 -> standard output');
  });

  test('a file for a batch of two collections, and an unknown batch, are refused in one line', async () => {
    const dir = tempDir();
    const file = await cli(['export', '--batch', 'dev-calls', '--out', 'all.jsonl', '--db', source.name], {
      cwd: dir,
    });
    expect(file).toMatchObject({ code: 2, stdout: '' });
    expect(file.stderr).toBe(
      'crm-seed: --out all.jsonl is one file, and batch dev-calls has 2 collections (calls, activity_logs): name one with --collection, or give a folder\n',
    );
    const unknown = await cli(['export', '--batch', 'dev-call', '--out', 'x', '--db', source.name], {
      cwd: dir,
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no batch "dev-call"');
  });
});
