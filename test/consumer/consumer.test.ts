import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDb } from '../support/test-db';
import type { TestDb } from '../support/test-db';
import { expectOk, ROOT, runProcess } from '../support/run-process';
import type { ProcessResult } from '../support/run-process';
import { killStartedProcesses, startMigrate } from '../faults/support/seed-process';

/**
 * Another team's repository, as they would set it up: the packed tarball installed with npm
 * into a plain-JS project with its own migrate-mongo config (another migrations folder and
 * changelog name, useFileHash), an ordinary migration beside the seed.
 */
const SEED_FILE = '20250102000000-calls-tenant-9.js';
const BATCH = '20250102000000-calls-tenant-9';
const MIGRATION_FILE = '20250101000000-add-feature-flag.js';

let repo: string;

/** The README's example seed file for another repository, run as it stands so the docs cannot drift. */
function readmeSeedFile(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /```js\n(\/\/ migrations\/(\S+)\n[^`]*defineCallSeed[^`]*)```/.exec(readme);
  if (!block) throw new Error('README: no ```js block with the example seed file for another repository');
  expect(block[2]).toBe(SEED_FILE);
  return block[1]!;
}
const npmEnv = { npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

beforeAll(async () => {
  repo = mkdtempSync(join(tmpdir(), 'crm-seed-consumer-'));
  const pack = await runProcess('npm', ['pack', '--silent', '--pack-destination', repo], {
    env: npmEnv,
    timeoutMs: 120_000,
  });
  expectOk(pack);
  const tarball = readdirSync(repo).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack wrote no tarball:\n${pack.stdout}${pack.stderr}`);
  writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'other-team-api', private: true }));
  const install = await runProcess(
    'npm',
    ['install', '--prefer-offline', '--no-save', `./${tarball}`, 'migrate-mongo@14.0.7'],
    { cwd: repo, env: npmEnv, timeoutMs: 240_000 },
  );
  expectOk(install);

  writeFileSync(
    join(repo, 'migrate-mongo-config.js'),
    `module.exports = {
  mongodb: { url: process.env.MONGO_URL, databaseName: process.env.TEAM_DB, options: {} },
  migrationsDir: 'db/migrations',
  changelogCollectionName: 'seed_changelog',
  lockCollectionName: 'migrations_lock',
  lockTtl: 0,
  migrationFileExtension: '.js',
  useFileHash: true,
  moduleSystem: 'commonjs',
};
`,
  );
  mkdirSync(join(repo, 'db', 'migrations'), { recursive: true });
  writeFileSync(
    join(repo, 'db', 'migrations', MIGRATION_FILE),
    `module.exports = {
  async up(db) { await db.collection('feature_flags').insertOne({ key: 'calls-v2', on: true }); },
  async down(db) { await db.collection('feature_flags').deleteOne({ key: 'calls-v2' }); },
};
`,
  );
  writeFileSync(join(repo, 'db', 'migrations', SEED_FILE), readmeSeedFile());
}, 400_000);

afterAll(async () => {
  await killStartedProcesses();
  rmSync(repo, { recursive: true, force: true });
});

const migrate = (args: string[], db: string, env: Record<string, string> = {}): Promise<ProcessResult> =>
  runProcess('npx', ['--no-install', 'migrate-mongo', ...args], {
    cwd: repo,
    env: { TEAM_DB: db, ...env },
    timeoutMs: 120_000,
  });

test('installing brings no TypeScript toolchain: no ts-node, no typescript', () => {
  expect(existsSync(join(repo, 'node_modules', 'crm-calls-seed', 'dist', 'index.js'))).toBe(true);
  expect(existsSync(join(repo, 'node_modules', 'ts-node'))).toBe(false);
  expect(existsSync(join(repo, 'node_modules', 'typescript'))).toBe(false);
});

describe('npx migrate-mongo up / status / down with the host config', () => {
  let t: TestDb;
  beforeAll(async () => (t = await openTestDb('consumer')));
  afterAll(async () => t.drop());

  test('up applies the ordinary migration and the seed: exact counts, its changelog, its file hashes', async () => {
    const up = await migrate(['up'], t.name);
    expectOk(up);
    expect(up.stdout).toContain(`MIGRATED UP: ${MIGRATION_FILE}`);
    expect(up.stdout).toContain(`MIGRATED UP: ${SEED_FILE}`);
    expect(up.stdout).toContain(`Seeded batch ${BATCH} into ${t.name}`);
    expect(await t.db.collection('calls').countDocuments({ seed_batch: BATCH, tenant_id: 9 })).toBe(200);
    expect(await t.db.collection('calls').countDocuments()).toBe(200);
    expect(await t.db.collection('activity_logs').countDocuments({ seed_batch: BATCH })).toBe(200);
    expect(await t.db.collection('feature_flags').countDocuments()).toBe(1);
    const entries = await t.db.collection('seed_changelog').find().sort({ fileName: 1 }).toArray();
    expect(entries.map((e): unknown => e['fileName'])).toEqual([MIGRATION_FILE, SEED_FILE]);
    expect(entries.every((e) => typeof e['fileHash'] === 'string')).toBe(true);
    expect(await t.db.collection('changelog').countDocuments()).toBe(0);
  });

  test('status lists both as applied', async () => {
    const status = await migrate(['status'], t.name);
    expectOk(status);
    for (const file of [MIGRATION_FILE, SEED_FILE]) {
      const row = status.stdout.split('\n').find((l) => l.includes(file));
      expect(row).toBeDefined();
      expect(row).not.toContain('PENDING');
    }
  });

  test('the installed crm-seed bin runs (compiled JavaScript) and sees the batch', async () => {
    const stats = await runProcess('npx', ['--no-install', 'crm-seed', 'stats', '--json', '--db', t.name], {
      cwd: repo,
    });
    expectOk(stats);
    const report = JSON.parse(stats.stdout) as {
      batches: { batch: string; state: string; collections: { name: string; count: number }[] }[];
    };
    expect(report.batches).toEqual([
      expect.objectContaining({
        batch: BATCH,
        state: 'complete',
        collections: [
          { name: 'calls', count: 200, first: 1, last: 200 },
          { name: 'activity_logs', count: 200, first: 1, last: 200 },
        ],
      }),
    ]);
  });

  test('down removes exactly the seed batch; the ordinary migration and its data stay', async () => {
    const down = await migrate(['down'], t.name);
    expectOk(down);
    expect(down.stdout).toContain(`MIGRATED DOWN: ${SEED_FILE}`);
    expect(await t.db.collection('calls').countDocuments()).toBe(0);
    expect(await t.db.collection('activity_logs').countDocuments()).toBe(0);
    expect(await t.db.collection('feature_flags').countDocuments()).toBe(1);
    expect(await t.db.collection('seed_changelog').countDocuments({ fileName: MIGRATION_FILE })).toBe(1);
    expect(await t.db.collection('seed_changelog').countDocuments({ fileName: SEED_FILE })).toBe(0);
  });

  test('a second down undoes the ordinary migration, its own way', async () => {
    const down = await migrate(['down'], t.name);
    expectOk(down);
    expect(down.stdout).toContain(`MIGRATED DOWN: ${MIGRATION_FILE}`);
    expect(await t.db.collection('feature_flags').countDocuments()).toBe(0);
    expect(await t.db.collection('seed_changelog').countDocuments()).toBe(0);
  });
});

test('a database migrate-mongo connects to that looks like production is refused, with no env set: the seed writes nothing', async () => {
  const t = await openTestDb('consumer_production');
  const name = `crm_production_${t.name.slice(-8)}`;
  const db = t.client.db(name);
  try {
    const up = await migrate(['up'], name, { NODE_ENV: '' });
    expect(up.code).not.toBe(0);
    expect(up.stderr).toContain(`refusing to write: database name "${name}" matches the production pattern`);
    expect(up.stderr.trim().split('\n')).toHaveLength(1);
    for (const collection of ['calls', 'activity_logs', 'seed_locks', 'counters']) {
      expect(await db.collection(collection).countDocuments()).toBe(0);
    }
    expect(await db.collection('seed_changelog').countDocuments({ fileName: SEED_FILE })).toBe(0);
  } finally {
    await db.dropDatabase();
    await t.drop();
  }
});

test('kill -9 mid-up in that repository: the next up gives exact counts', async () => {
  const t = await openTestDb('consumer_crash');
  try {
    const bin = join(repo, 'node_modules', 'migrate-mongo', 'bin', 'migrate-mongo.js');
    const run = startMigrate(
      ['up'],
      { TEAM_DB: t.name, SEED_BATCH_SIZE: '40', SEED_TEST_PAUSE_AT: 'mid-calls' },
      {
        cwd: repo,
        bin,
      },
    );
    await run.paused('mid-calls');
    run.kill();
    await run.done;
    const partial = await t.db.collection('calls').countDocuments({ seed_batch: BATCH });
    expect(partial).toBeGreaterThanOrEqual(100);
    expect(partial).toBeLessThan(200);
    expect(await t.db.collection('seed_changelog').countDocuments({ fileName: SEED_FILE })).toBe(0);

    const up = await migrate(['up'], t.name);
    expectOk(up);
    expect(await t.db.collection('calls').countDocuments({ seed_batch: BATCH })).toBe(200);
    expect(await t.db.collection('activity_logs').countDocuments({ seed_batch: BATCH })).toBe(200);
    const ids = (await t.db.collection('calls').find().sort({ id: 1 }).toArray()).map(
      (c) => c['id'] as number,
    );
    expect(ids[ids.length - 1]! - ids[0]!).toBe(199);
    expect(await t.db.collection('seed_changelog').countDocuments({ fileName: SEED_FILE })).toBe(1);
  } finally {
    await t.drop();
  }
});

describe('the package from ESM, TypeScript and a bootstrap script', () => {
  test('import { … } from "crm-calls-seed" in an ES module, and seedCalls/removeSeedBatch on a live database', async () => {
    const t = await openTestDb('consumer_esm');
    try {
      writeFileSync(
        join(repo, 'bootstrap.mjs'),
        `import { MongoClient } from 'mongodb';
import { defineCallSeed, seedCalls, removeSeedBatch, SafetyError } from 'crm-calls-seed';
const client = await MongoClient.connect(process.env.MONGO_URL);
const db = client.db(process.env.TEAM_DB);
try {
  const seeded = await seedCalls({ db, batch: 'bootstrap-1', calls: 30, tenantId: 4 });
  const calls = await db.collection('calls').countDocuments({ seed_batch: 'bootstrap-1', tenant_id: 4 });
  const removed = await removeSeedBatch({ db, batch: 'bootstrap-1' });
  const left = await db.collection('calls').countDocuments();
  console.log(JSON.stringify({ define: typeof defineCallSeed, safety: typeof SafetyError, first: seeded.calls.first, last: seeded.calls.last, calls, removed, left }));
} finally {
  await client.close();
}
`,
      );
      const run = await runProcess(process.execPath, ['bootstrap.mjs'], {
        cwd: repo,
        env: { TEAM_DB: t.name },
      });
      expectOk(run);
      expect(JSON.parse(run.stdout)).toEqual({
        define: 'function',
        safety: 'function',
        first: 1,
        last: 30,
        calls: 30,
        removed: {
          batch: 'bootstrap-1',
          collections: { calls: 30, activity_logs: 30 },
          total: 60,
          outside: {},
        },
        left: 0,
      });
    } finally {
      await t.drop();
    }
  });

  test('the shipped types check a TypeScript consumer (tsc, strict, node16 resolution)', async () => {
    writeFileSync(
      join(repo, 'check-types.ts'),
      `import { defineCallSeed, seedCalls, SafetyError } from 'crm-calls-seed';
import type { SeedResult, ErrorCode, MigrateMongoSeed } from 'crm-calls-seed';
import type { Db } from 'mongodb';

const seed: MigrateMongoSeed = defineCallSeed('20250103000000-x.ts', { calls: 10, tenantId: 2 });
export async function bootstrap(db: Db): Promise<number> {
  const result: SeedResult = await seedCalls({ db, batch: 'b-1', calls: 5 });
  return result.calls.last;
}
export function codeOf(err: unknown): ErrorCode | undefined {
  return err instanceof SafetyError ? err.code : undefined;
}
// @ts-expect-error calls is a number
defineCallSeed('x.ts', { calls: 'many' });
export { seed };
`,
    );
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const run = await runProcess(
      process.execPath,
      [
        tsc,
        '--noEmit',
        '--strict',
        '--module',
        'node16',
        '--moduleResolution',
        'node16',
        '--types',
        'node',
        '--typeRoots',
        join(ROOT, 'node_modules', '@types'),
        'check-types.ts',
      ],
      { cwd: repo, timeoutMs: 120_000 },
    );
    expect(run.stdout + run.stderr).toBe('');
    expect(run.code).toBe(0);
  });
});
