import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectOk, runProcess } from './support/run-process';
import { openTestDb, serverUrl } from './support/test-db';
import type { TestDb } from './support/test-db';

const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

/** The README's bootstrap script example, exactly as printed there. */
function bootstrapExample(): string {
  const section = README.split('### From a bootstrap script')[1]?.split('\n## ')[0] ?? '';
  const block = /```js\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README: no ```js block under "From a bootstrap script"');
  return block[1]!;
}

describe('the README bootstrap script, run as written', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb('readme_bootstrap');
  });
  afterAll(() => t.drop());

  const run = (env: Record<string, string>) =>
    runProcess(process.execPath, ['-'], { input: bootstrapExample(), env, timeoutMs: 120_000 });
  const counters = async (): Promise<unknown[]> =>
    (await t.db.collection<{ _id: string; seq: number }>('counters').find().toArray())
      .map((c) => [c._id, c.seq])
      .sort();

  test('seeds 2,000 calls and keeps them; run again, it finds the batch there and uses no new id', async () => {
    // A node process of its own reading the script from stdin, in this repository, where
    // `crm-calls-seed` resolves to the built dist/ (package self-reference) and `mongodb` to the devDependency.
    const env = { MONGO_URL: serverUrl(), MONGO_DB: t.name };
    const first = await run(env);
    expectOk(first);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/^seeded calls 1-2000, seed \d+\n$/);
    expect(await t.db.collection('calls').countDocuments({ seed_batch: 'dev-bootstrap', tenant_id: 7 })).toBe(
      2000,
    );
    expect(await t.db.collection('activity_logs').countDocuments({ seed_batch: 'dev-bootstrap' })).toBe(2000);
    expect(await counters()).toEqual([
      ['activity_logs', 2000],
      ['calls', 2000],
    ]);

    const again = await run(env);
    expectOk(again);
    expect(again.stderr).toBe('');
    expect(again.stdout).toBe(
      'batch dev-bootstrap is there already and kept as it is, nothing written: asked to keep it (keep: true)\n',
    );
    expect(await counters()).toEqual([
      ['activity_logs', 2000],
      ['calls', 2000],
    ]);
    expect(await t.db.collection('calls').countDocuments()).toBe(2000);
  }, 150_000);

  test('with no server: one line after its own client’s 5 s, saying how long it waited and whose wait it was', async () => {
    const started = Date.now();
    const result = await run({ MONGO_URL: 'mongodb://127.0.0.1:1', MONGO_DB: t.name });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^DB_UNREACHABLE: cannot reach MongoDB after [5-9]\.\d s \(the wait of the client you passed: its serverSelectionTimeoutMS, 30 s unless you set it\) .*\n$/,
    );
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);
});
