import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Stats } from 'crm-calls-seed/internal';
import { openTestDb, serverUrl } from '../support/test-db';
import type { TestDb } from '../support/test-db';
import { cli } from './support/cli';
import { tempDir } from './support/temp-dir';
import { insertForeignData, seedBatch } from './support/seeding';

describe('crm-seed stats', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb('stats');
    await seedBatch(t.db, 'batch-a', 30);
    await seedBatch(t.db, 'batch-b', 20);
    await insertForeignData(t.db);
  });
  afterAll(async () => t.drop());

  test('--json: totals per collection, each batch with its state, counts and id ranges, from the registry', async () => {
    const { code, stdout, stderr } = await cli(['stats', '--json', '--db', t.name]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const stats = JSON.parse(stdout) as Stats & { database: string };
    expect(stats.database).toBe(t.name);
    expect(stats.source).toMatch(/^the batch registry \(seed_batches\)/);
    expect(stats.collections).toEqual({ calls: { seeded: 50 }, activity_logs: { seeded: 50 } });
    const batch = (name: string, first: number, last: number, count: number): unknown =>
      expect.objectContaining({
        batch: name,
        state: 'complete',
        legacy: false,
        collections: [
          { name: 'calls', count, first, last },
          { name: 'activity_logs', count, first, last },
        ],
      }) as unknown;
    expect(stats.batches).toEqual([batch('batch-a', 1, 30, 30), batch('batch-b', 31, 50, 20)]);
    // The figures are the documents' own: a full count agrees.
    for (const b of stats.batches) {
      for (const c of b.collections) {
        expect(await t.db.collection(c.name).countDocuments({ seed_batch: b.batch })).toBe(c.count);
      }
    }
  });

  test('--totals adds every document and the app’s own per collection, from metadata', async () => {
    const { code, stdout } = await cli(['stats', '--json', '--totals', '--db', t.name]);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as Stats).collections).toEqual({
      calls: { total: 52, seeded: 50, unmarked: 2 },
      activity_logs: { total: 52, seeded: 50, unmarked: 2 },
    });
  });

  test('a table on the terminal: collections, then one row per batch and collection', async () => {
    const { code, stdout } = await cli(['stats', '--totals', '--db', t.name]);
    expect(code).toBe(0);
    expect(stdout).toContain(`Database ${t.name} at mongodb://`);
    expect(stdout).toMatch(/calls\s+│ 50\s+│ 52\s+│ 2/);
    expect(stdout).toMatch(/batch-a\s+│ complete\s+│ calls\s+│ 30\s+│ 1\.\.30/);
    expect(stdout).toMatch(/│\s+│\s+│ activity_logs\s+│ 20\s+│ 31\.\.50/);
    expect(stdout).toContain(
      'Figures from the batch registry (seed_batches); `crm-seed verify` reads every document.',
    );
  });
});

describe("crm-seed in a host repository reads the host's migrate-mongo config", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb('stats_host');
    await seedBatch(t.db, 'host-batch', 3);
  });
  afterAll(async () => t.drop());

  const host = (config: string): string => {
    const dir = tempDir();
    writeFileSync(join(dir, 'migrate-mongo-config.js'), config);
    return dir;
  };
  const plain = (db: string): string =>
    `module.exports = { mongodb: { url: ${JSON.stringify(serverUrl())}, databaseName: ${JSON.stringify(db)} }, migrationsDir: 'migrations', changelogCollectionName: 'changelog' };\n`;

  test('without MONGO_URL or MONGO_DB: its url and database; env and flags still win', async () => {
    const dir = host(plain(t.name));
    const env = { MONGO_URL: undefined, MONGO_DB: undefined };
    const read = await cli(['stats', '--json'], { cwd: dir, env, hostConfig: true });
    expect(read.stderr).toBe('');
    expect(JSON.parse(read.stdout)).toMatchObject({
      database: t.name,
      collections: { calls: { seeded: 3 } },
    });
    const flag = await cli(['stats', '--json', '--db', 'elsewhere_db'], { cwd: dir, env, hostConfig: true });
    expect(JSON.parse(flag.stdout)).toMatchObject({ database: 'elsewhere_db' });
    const fromEnv = await cli(['stats', '--json'], {
      cwd: dir,
      env: { ...env, MONGO_DB: 'env_db' },
      hostConfig: true,
    });
    expect(JSON.parse(fromEnv.stdout)).toMatchObject({ database: 'env_db' });
  });

  test('--config names a migrate-mongo config elsewhere; a bad url in it is one line naming the file', async () => {
    const dir = host(plain(t.name));
    const other = await cli(['stats', '--json', '--config', join(dir, 'migrate-mongo-config.js')], {
      env: { MONGO_URL: undefined, MONGO_DB: undefined },
    });
    expect(JSON.parse(other.stdout)).toMatchObject({ database: t.name });
    const bad = host(`module.exports = { mongodb: { url: 'postgres://x', databaseName: 'crm' } };\n`);
    const refused = await cli(['stats'], { cwd: bad, env: { MONGO_URL: undefined }, hostConfig: true });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^crm-seed: migrate-mongo-config\.js: "mongoUrl" must be a connection string/,
    );
  });
});
