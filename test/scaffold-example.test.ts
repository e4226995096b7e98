import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { MongoClient } from 'mongodb';
import { cli } from './cli/support/cli';
import { ROOT } from './support/run-process';
import { serverUrl } from './support/test-db';
import { EXAMPLE_DB, FIXTURE_REF_DATE, plantCrm } from './support/scaffold-fixture';

/**
 * examples/scaffold-crm holds what `crm-seed scaffold` writes for the CRM's leads, contacts
 * and accounts of the fixture database (test/support/scaffold-fixture.ts): scaffolded again
 * here and compared byte for byte, so the example cannot drift from the tool. After a
 * deliberate change: UPDATE_EXAMPLES=1 npx jest test/scaffold-example.test.ts
 */
const EXAMPLE = join(ROOT, 'examples', 'scaffold-crm');
const FILES = ['scaffold-crm.dataset.ts', 'migrations/20251010120000-scaffold-crm.ts'];

test('examples/scaffold-crm is what scaffold writes for the fixture database', async () => {
  const client = await MongoClient.connect(serverUrl());
  const out = mkdtempSync(join(tmpdir(), 'crm-seed-example-'));
  try {
    const db = client.db(EXAMPLE_DB);
    await db.dropDatabase();
    await plantCrm(db);
    const args = ['scaffold', '--db', EXAMPLE_DB, '--collection', 'leads', '--collection', 'contacts'];
    const result = await cli([
      ...args,
      '--collection',
      'accounts',
      '--tenant-field',
      'tenant_id',
      '--ref-date',
      FIXTURE_REF_DATE,
      '--name',
      'scaffold-crm',
      '--out',
      out,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const file of FILES) {
      const made = readFileSync(join(out, file), 'utf8');
      const kept = join(EXAMPLE, file);
      if (process.env['UPDATE_EXAMPLES'] === '1' || !existsSync(kept)) {
        mkdirSync(dirname(kept), { recursive: true });
        writeFileSync(kept, made);
      }
      expect(made).toBe(readFileSync(kept, 'utf8'));
    }
    await db.dropDatabase();
  } finally {
    rmSync(out, { recursive: true, force: true });
    await client.close();
  }
});
