import { guardOf, seedDown, settingsFrom, silentLogger } from 'crm-calls-seed/internal';
import { runMigrate } from '../support/run-process';
import { openTestDb, snapshotDatabase } from '../support/test-db';
import type { TestDb } from '../support/test-db';
import { addForeignData, BATCH, batchCounts, foreignSnapshot, SEED_FILE } from './support/fault-data';

/** Cleanup is idempotent: "already gone" is success with a clear message, and nothing else is touched. */
describe('down and cleanup, repeated or with nothing to do', () => {
  let t: TestDb;
  let foreign: unknown;
  beforeEach(async () => {
    t = await openTestDb('cleanup');
    await addForeignData(t.db);
    foreign = await foreignSnapshot(t.db);
  });
  afterEach(async () => t.drop());
  const migrate = (command: string) =>
    runMigrate([command], { env: { MONGO_DB: t.name, SEED_CALLS: '300' } });

  test('down with nothing applied says so, exits 0 and changes nothing', async () => {
    const before = await snapshotDatabase(t.db);
    const down = await migrate('down');
    expect(down.code).toBe(0);
    expect(down.stderr).toBe('');
    expect(down.stdout.trim()).toBe(`nothing to undo: no seed is applied in ${t.name} (changelog is empty)`);
    expect(await snapshotDatabase(t.db)).toEqual(before);
  });

  test('down twice: the second says there is nothing to undo', async () => {
    expect((await migrate('up')).code).toBe(0);
    const first = await migrate('down');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`removed batch ${BATCH}: 300 calls, 300 activity_logs`);
    const afterFirst = await snapshotDatabase(t.db, ['seed_locks', 'seed_batches']);

    const second = await migrate('down');
    expect(second.code).toBe(0);
    expect(second.stderr).toBe('');
    expect(second.stdout).toContain('nothing to undo');
    expect(await snapshotDatabase(t.db, ['seed_locks', 'seed_batches'])).toEqual(afterFirst);
    expect(await foreignSnapshot(t.db)).toEqual(foreign);
  });

  test('down of a batch someone already removed: "already cleaned up", the changelog entry goes, exit 0', async () => {
    expect((await migrate('up')).code).toBe(0);
    await t.db.collection('activity_logs').deleteMany({ seed_batch: BATCH });
    await t.db.collection('calls').deleteMany({ seed_batch: BATCH });

    const down = await migrate('down');
    expect(down.code).toBe(0);
    expect(down.stderr).toBe('');
    expect(down.stdout).toContain(`batch ${BATCH}: nothing left to remove (already cleaned up)`);
    expect(down.stdout).toContain(`MIGRATED DOWN: ${SEED_FILE}`);
    expect(await t.db.collection('changelog').countDocuments()).toBe(0);
    expect(await foreignSnapshot(t.db)).toEqual(foreign);
  });

  test('cleanup of a batch that is already gone, through the library: zero removed, twice, nothing touched', async () => {
    const settings = settingsFrom({ env: process.env, top: { kind: 'flag', values: { dbName: t.name } } });
    const before = await snapshotDatabase(t.db, ['seed_locks', 'seed_batches']);
    for (let i = 0; i < 2; i++) {
      await expect(
        seedDown({
          db: t.db,
          batch: 'gone-batch',
          owner: 'script:default',
          guard: guardOf(settings),
          logger: silentLogger,
        }),
      ).resolves.toEqual({ batch: 'gone-batch', collections: {}, total: 0, outside: {} });
    }
    expect(await snapshotDatabase(t.db, ['seed_locks', 'seed_batches'])).toEqual(before);
    expect(await batchCounts(t.db, 'gone-batch')).toEqual({ calls: 0, logs: 0 });
  });
});
