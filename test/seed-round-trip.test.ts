import { openTestDb } from './support/test-db';
import type { TestDb } from './support/test-db';
import { runMigrate } from './support/run-process';
import { expectValidBatch } from './support/seeded-data';

const BATCH = '20251010000000-calls-500';
const FILE = `${BATCH}.ts`;

describe('npm run migrate -- up / status / down with the default seed file', () => {
  let t: TestDb;
  beforeAll(async () => (t = await openTestDb('round-trip')));
  afterAll(async () => t.drop());
  const env = (): Record<string, string> => ({ MONGO_DB: t.name });

  test('up inserts 500 valid calls and 500 linked activity logs, all marked', async () => {
    const up = await runMigrate(['up'], { env: env() });
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(up.stdout).toContain(`MIGRATED UP: ${FILE}`);
    // Quiet by default: the summary, no sample (SEED_SAMPLE=1 asks for one).
    expect(up.stdout).not.toContain('Sample call:');
    expect(up.stdout.trim().split('\n').length).toBeLessThanOrEqual(10);
    expect(up.stdout).toContain(`seed_batch = "${BATCH}"`);

    const { calls } = await expectValidBatch(t.db, BATCH, 500);
    expect(await t.db.collection('calls').countDocuments()).toBe(500);
    expect(await t.db.collection('activity_logs').countDocuments()).toBe(500);
    expect(calls[0]!['id']).toBe(1);
    expect(await t.db.collection('counters').findOne({ _id: 'calls' as never })).toMatchObject({ seq: 500 });
  });

  test('status shows the seed file as applied, from the changelog', async () => {
    const status = await runMigrate(['status'], { env: env() });
    expect(status.code).toBe(0);
    const row = status.stdout.split('\n').find((l) => l.includes(FILE));
    expect(row).toBeDefined();
    expect(row).not.toContain('PENDING');
    expect(await t.db.collection('changelog').countDocuments({ fileName: FILE })).toBe(1);
  });

  test('down removes every marked document and the changelog entry', async () => {
    const down = await runMigrate(['down'], { env: env() });
    expect(down.code).toBe(0);
    expect(down.stdout).toContain(`MIGRATED DOWN: ${FILE}`);
    expect(await t.db.collection('calls').countDocuments({ seed_batch: { $exists: true } })).toBe(0);
    expect(await t.db.collection('activity_logs').countDocuments({ seed_batch: { $exists: true } })).toBe(0);
    expect(await t.db.collection('changelog').countDocuments()).toBe(0);
    const status = await runMigrate(['status'], { env: env() });
    expect(status.stdout.split('\n').find((l) => l.includes(FILE))).toContain('PENDING');
  });

  test('after up then down in a fresh database, nothing of the tool is left but the counters it advanced', async () => {
    const names = (await t.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
    // The host's changelog, the app's counters (ids are never reused): no registry, no lock, no empty calls.
    expect(names).toEqual(['changelog', 'counters']);
  });

  test('up again allocates fresh ids: ids are never reused after down', async () => {
    const up = await runMigrate(['up'], { env: env() });
    expect(up.code).toBe(0);
    const { calls, logs } = await expectValidBatch(t.db, BATCH, 500);
    expect(calls[0]!['id']).toBe(501);
    expect(logs[0]!['id']).toBe(501);
  });
});
