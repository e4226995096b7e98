import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectOk, MIGRATE_MONGO_BIN, ROOT, runProcess } from './support/run-process';
import { openTestDb } from './support/test-db';
import type { TestDb } from './support/test-db';

/**
 * `npx migrate-mongo up` loads only what seeding uses: zod (the datasets' schemas), the CLI,
 * verify, files and import load when those run (docs/performance.md, "Start-up"). What a
 * process loaded is read from its own module cache at exit.
 */
const dir = mkdtempSync(join(tmpdir(), 'crm-seed-start-up-'));
const recorder = join(dir, 'record-modules.cjs');
writeFileSync(
  recorder,
  "process.on('exit', () => require('fs').writeFileSync(process.env.LOADED_OUT, JSON.stringify(Object.keys(require.cache))));\n",
);

async function loadedBy(args: readonly string[], env: Record<string, string>): Promise<string[]> {
  const out = join(dir, `loaded-${Math.random().toString(36).slice(2)}.json`);
  expectOk(
    await runProcess(process.execPath, ['-r', recorder, ...args], { env: { ...env, LOADED_OUT: out } }),
  );
  return (JSON.parse(readFileSync(out, 'utf8')) as string[]).map((f) => f.split('\\').join('/'));
}

const ONLY_WHEN_USED = [
  /\/node_modules\/zod\//,
  /\/dist\/adapters\/cli\//,
  /\/dist\/inspect\//,
  /\/dist\/files\//,
  /\/dist\/operations\/(import|export)\//,
  /\/dist\/operations\/remove\/(cleanup|remove)-selection\.js$/,
  /\/dist\/scaffold\/(?!on-demand\.js$)/,
  /\/dist\/datasets\/[^/]+\/(schema|columns|call-from-row|task-from-row|import)\.js$/,
];

describe('start-up: a seed run loads what it uses', () => {
  let t: TestDb;
  beforeAll(async () => (t = await openTestDb('start-up')));
  afterAll(async () => t.drop());

  test('migrate-mongo up writes the batch without loading zod, the CLI, verify, files or import', async () => {
    const loaded = await loadedBy([MIGRATE_MONGO_BIN, 'up'], { MONGO_DB: t.name, SEED_CALLS: '20' });
    expect(await t.db.collection('calls').countDocuments({})).toBe(20);
    expect(loaded.some((f) => f.includes('/dist/operations/seed/seed-dataset.js'))).toBe(true);
    expect(loaded.filter((f) => ONLY_WHEN_USED.some((p) => p.test(f)))).toEqual([]);
  });

  test("the package's callSchema is loaded on first access, and validates", async () => {
    const script = join(dir, 'schema-access.cjs');
    writeFileSync(
      script,
      `const seed = require(${JSON.stringify(ROOT)});
const before = Object.keys(require.cache).some((f) => f.includes('/node_modules/zod/'));
const ok = seed.callSchema.safeParse({}).success;
const after = Object.keys(require.cache).some((f) => f.includes('/node_modules/zod/'));
if (before || ok || !after || typeof seed.activityLogSchema.parse !== 'function') process.exit(3);
`,
    );
    const loaded = await loadedBy([script], {});
    expect(loaded.some((f) => f.includes('/dist/datasets/crm-calls/schema.js'))).toBe(true);
  });
});
