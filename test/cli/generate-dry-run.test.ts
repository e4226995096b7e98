import { readdirSync } from 'node:fs';
import { callSchema } from 'crm-calls-seed/internal';
import { openTestDb, snapshotDatabase } from '../support/test-db';
import { cli } from './support/cli';
import { REF_DATE } from './support/seeding';
import { tempDir } from './support/temp-dir';

const FIXED = ['--seed', '42', '--ref-date', REF_DATE];

/** A dry run with a database configured, which must stay as it was (the rest of generate needs none: generate.test.ts). */
describe('crm-seed generate --dry-run', () => {
  test('prints the summary and a sample, and writes nothing: no files, no database', async () => {
    const t = await openTestDb('gen-dry');
    try {
      await t.db.collection('calls').insertOne({ id: 1, subject: 'existing' });
      const before = await snapshotDatabase(t.db);
      const dir = tempDir();
      // The database is configured (MONGO_DB), yet a dry run never connects.
      process.env['MONGO_DB'] = t.name;
      const { code, stdout, stderr } = await cli(['generate', '--dry-run', '--calls', '50', ...FIXED], {
        cwd: dir,
      }).finally(() => delete process.env['MONGO_DB']);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toContain('Dry run: nothing written');
      expect(stdout).toContain('Would generate 50 calls');
      expect(stdout).toContain('reproduce with --seed 42 --ref-date 2025-10-10T12:00:00.000Z');
      const sample = /Sample call:\n(\{[\s\S]*?\n\})/.exec(stdout)?.[1];
      expect(callSchema.safeParse(JSON.parse(sample ?? 'null')).success).toBe(true);
      expect(readdirSync(dir)).toEqual([]);
      expect(await snapshotDatabase(t.db)).toEqual(before);
    } finally {
      await t.drop();
    }
  });
});
