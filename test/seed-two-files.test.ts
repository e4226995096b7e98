import { openTestDb } from './support/test-db';
import type { TestDb } from './support/test-db';
import { runMigrate } from './support/run-process';
import { expectValidBatch } from './support/seeded-data';

const DIR = ['--migrations-dir', 'test/fixtures/two-seeds'];
const FIRST = '20250101000000-calls-tenant-1';
const SECOND = '20250102000000-calls-tenant-7';

describe('two seed files', () => {
  let t: TestDb;
  beforeAll(async () => (t = await openTestDb('two-files')));
  afterAll(async () => t.drop());
  const migrate = (cmd: string) => runMigrate([cmd, ...DIR], { env: { MONGO_DB: t.name } });
  const count = (batch: string) => t.db.collection('calls').countDocuments({ seed_batch: batch });
  const logCount = (batch: string) => t.db.collection('activity_logs').countDocuments({ seed_batch: batch });

  test('up applies both, each with its own options and marker', async () => {
    const up = await migrate('up');
    expect(up.code).toBe(0);
    expect(up.stdout).toContain(`MIGRATED UP: ${FIRST}.ts`);
    expect(up.stdout).toContain(`MIGRATED UP: ${SECOND}.ts`);
    const first = await expectValidBatch(t.db, FIRST, 120);
    const second = await expectValidBatch(t.db, SECOND, 200);
    expect(new Set(first.calls.map((c) => c['tenant_id']))).toEqual(new Set([1]));
    expect(new Set(second.calls.map((c) => c['tenant_id']))).toEqual(new Set([7]));
    expect(new Set(second.calls.map((c) => c['add_by']))).toEqual(new Set([3]));
    expect(second.calls[0]!['ukey']).toBe(`7000${String(second.calls[0]!['id'])}`);
  });

  test('each down removes only its own batch, newest first', async () => {
    const downSecond = await migrate('down');
    expect(downSecond.stdout).toContain(`MIGRATED DOWN: ${SECOND}.ts`);
    expect(await count(SECOND)).toBe(0);
    expect(await logCount(SECOND)).toBe(0);
    expect(await count(FIRST)).toBe(120);
    expect(await logCount(FIRST)).toBe(120);

    const downFirst = await migrate('down');
    expect(downFirst.stdout).toContain(`MIGRATED DOWN: ${FIRST}.ts`);
    expect(await count(FIRST)).toBe(0);
    expect(await logCount(FIRST)).toBe(0);
    expect(await t.db.collection('changelog').countDocuments()).toBe(0);
  });
});
