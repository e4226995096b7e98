import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runProcess } from './support/run-process';
import { openTestDb } from './support/test-db';
import type { TestDb } from './support/test-db';

/**
 * Which changelog records a seed is learnt from the migrate-mongo that runs it, never assumed.
 * Here no migrate-mongo runs or can be found: a script in a folder of its own calls the seed's
 * `up()` and `down()` itself, in one living process, as a test runner or a dev server would.
 */
const SEED = '20250105000000-calls-script.js';
let dir: string;
let t: TestDb;

beforeAll(async () => {
  t = await openTestDb('host_config');
  dir = mkdtempSync(join(tmpdir(), 'crm-seed-no-migrate-mongo-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'crm-calls-seed'));
  symlinkSync(join(ROOT, 'node_modules', 'mongodb'), join(dir, 'node_modules', 'mongodb'));
  writeFileSync(
    join(dir, SEED),
    "module.exports = require('crm-calls-seed').defineCallSeed(__filename, { calls: 20 });\n",
  );
  writeFileSync(
    join(dir, 'script.js'),
    `const { MongoClient } = require('mongodb');
const seed = require('./${SEED}');
(async () => {
  const client = await MongoClient.connect(process.env.MONGO_URL);
  const db = client.db(process.env.TEAM_DB);
  const steps = [];
  try {
    for (const step of process.argv.slice(2)) {
      await seed[step](db);
      steps.push(step + ':' + (await db.collection('calls').countDocuments()));
    }
    console.log(steps.join(' '));
  } catch (err) {
    console.log('failed ' + err.code + ': ' + err.message);
    process.exitCode = 1;
  } finally {
    await client.close();
  }
})();
`,
  );
});

afterAll(async () => {
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

const script = (steps: string[], env: Record<string, string> = {}) =>
  runProcess(process.execPath, ['script.js', ...steps], {
    cwd: dir,
    env: { TEAM_DB: t.name, SEED_CHANGELOG_COLLECTION: undefined, ...env },
  });

test('with no migrate-mongo to ask, up refuses with HOST_UNKNOWN and writes nothing', async () => {
  const run = await script(['up']);
  expect(run.code).toBe(1);
  expect(run.stdout.trim()).toMatch(
    /^failed HOST_UNKNOWN: cannot tell which changelog records 20250105000000-calls-script\.js: no migrate-mongo runs this process or is installed beside it; .*set SEED_CHANGELOG_COLLECTION/,
  );
  const collections = await t.db.listCollections().toArray();
  expect(collections.map((c) => c.name)).toEqual([]);
});

test('with the changelog named, up then down in one living process: the handed-over lock does not wedge it', async () => {
  const run = await script(['up', 'down', 'up', 'down'], { SEED_CHANGELOG_COLLECTION: 'team_changelog' });
  expect(run.stderr).toBe('');
  expect(run.stdout.trim().split('\n').pop()).toBe('up:20 down:0 up:20 down:0');
  expect(run.code).toBe(0);
  // The last hand-over's lock outlives its exited process: the next process takes it over at once.
  const next = await script(['up', 'down'], { SEED_CHANGELOG_COLLECTION: 'team_changelog' });
  expect(next.stdout.trim().split('\n').pop()).toBe('up:20 down:0');
  expect(next.code).toBe(0);
});
