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

  test('seeds 2,000 calls and removes them again: exit 0, nothing of the batch left', async () => {
    // A node process of its own reading the script from stdin, in this repository, where
    // `crm-calls-seed` resolves to the built dist/ (package self-reference) and `mongodb` to the devDependency.
    const run = await runProcess(process.execPath, ['-'], {
      input: bootstrapExample(),
      env: { MONGO_URL: serverUrl(), MONGO_DB: t.name },
      timeoutMs: 120_000,
    });
    expectOk(run);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^seeded calls 1-2000, seed \d+\nremoved 4000 documents\n$/);
    // Written: the app's counters handed out the 2,000 ids of each collection (never reused)...
    const counters = await t.db.collection<{ _id: string; seq: number }>('counters').find().toArray();
    expect(counters.map((c) => [c._id, c.seq]).sort()).toEqual([
      ['activity_logs', 2000],
      ['calls', 2000],
    ]);
    // ...then removed: no call, no log, no registry entry of the batch.
    expect(await t.db.collection('calls').countDocuments()).toBe(0);
    expect(await t.db.collection('activity_logs').countDocuments()).toBe(0);
    expect(
      await t.db.collection<{ _id: string }>('seed_batches').countDocuments({ _id: 'dev-bootstrap' }),
    ).toBe(0);
  }, 150_000);
});
