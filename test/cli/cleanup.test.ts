import { openTestDb, snapshotDatabase } from '../support/test-db';
import type { TestDb } from '../support/test-db';
import { cli, runBin } from './support/cli';
import { insertForeignData, REF_DATE, seedBatch, unmarkedDocs } from './support/seeding';

/** Ids of the seeded calls and of the calls the seeded logs point at, per collection. */
async function seededIds(t: TestDb): Promise<{ calls: number[]; logs: number[] }> {
  const ids = async (collection: string, field: string): Promise<number[]> =>
    (
      await t.db
        .collection(collection)
        .find({ seed_batch: { $exists: true } })
        .toArray()
    )
      .map((d) => d[field] as number)
      .sort((a, b) => a - b);
  return { calls: await ids('calls', 'id'), logs: await ids('activity_logs', 'entity_id') };
}

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('crm-seed cleanup', () => {
  let t: TestDb;
  let unmarkedBefore: Record<string, unknown[]>;
  beforeEach(async () => {
    t = await openTestDb('cleanup');
    await seedBatch(t.db, 'batch-a', 20); // ids 1..20
    await seedBatch(t.db, 'batch-b', 20); // ids 21..40
    await insertForeignData(t.db); // unmarked, one with call id 3 and a log pointing at it
    unmarkedBefore = await unmarkedDocs(t.db);
  });
  afterEach(async () => {
    // Whatever a test did, the app's data is byte-identical.
    expect(await unmarkedDocs(t.db)).toEqual(unmarkedBefore);
    await t.drop();
  });

  test('--batch removes that batch’s calls and logs, and only those', async () => {
    const { code, stdout } = await cli(['cleanup', '--batch', 'batch-a', '--yes', '--db', t.name]);
    expect(code).toBe(0);
    expect(stdout).toContain('Will delete batch "batch-a"');
    expect(stdout).toContain('Deleted 20 calls and 20 activity logs.');
    expect(await seededIds(t)).toEqual({ calls: range(21, 40), logs: range(21, 40) });
  });

  test('--batch of a seed file migrate-mongo lists as applied: a note names migrate-mongo’s commands', async () => {
    const changelog = t.db.collection('changelog');
    await changelog.insertOne({ fileName: 'batch-a.ts', appliedAt: new Date(REF_DATE) });
    try {
      const { code, stderr } = await cli(['cleanup', '--batch', 'batch-a', '--yes', '--db', t.name]);
      expect(code).toBe(0);
      expect(stderr).toBe(
        'Note: migrate-mongo still lists batch-a.ts as applied, so `npx migrate-mongo up` will not insert it again until that entry goes (`npx migrate-mongo down` when it is the last applied seed file).\n',
      );
    } finally {
      await changelog.drop(); // the app's data, compared after each test, never had it
    }
  });

  test('--ids removes the seeded calls in the range and their logs, not the app’s call with id 3', async () => {
    const { code, stdout } = await cli(['cleanup', '--ids', '2-24', '--yes', '--db', t.name]);
    expect(code).toBe(0);
    expect(stdout).toContain('Deleted 23 calls and 23 activity logs.');
    expect(await seededIds(t)).toEqual({ calls: [1, ...range(25, 40)], logs: [1, ...range(25, 40)] });
  });

  test('--last removes the newest n seeded calls and their logs', async () => {
    const { code, stdout } = await cli(['cleanup', '--last', '7', '--yes', '--db', t.name]);
    expect(code).toBe(0);
    expect(stdout).toContain('the newest 7 seeded calls (ids 34 and up)');
    expect(await seededIds(t)).toEqual({ calls: range(1, 33), logs: range(1, 33) });

    // More than there are: every seeded call goes, the app's data stays.
    expect((await cli(['cleanup', '--last', '1000', '--yes', '--db', t.name])).code).toBe(0);
    expect(await seededIds(t)).toEqual({ calls: [], logs: [] });
  });

  test('--dry-run shows the counts and deletes nothing; ids matching nothing is success', async () => {
    const before = await snapshotDatabase(t.db);
    const dry = await cli(['cleanup', '--batch', 'batch-b', '--dry-run', '--db', t.name]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Would delete batch "batch-b"');
    expect(dry.stdout).toMatch(/calls\s+20\n\s+activity_logs\s+20/);
    const none = await cli(['cleanup', '--ids', '500-600', '--yes', '--db', t.name]);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain(
      'Nothing to delete: no seeded documents match seeded calls with ids 500..600',
    );
    expect(await snapshotDatabase(t.db)).toEqual(before);
  });

  test('--batch naming a batch nothing knows (a typo) exits 2 with one line naming the nearest batch, nothing written', async () => {
    const before = await snapshotDatabase(t.db);
    for (const extra of [['--yes'], ['--dry-run']]) {
      const typo = await runBin(['cleanup', '--batch', 'batch-x', ...extra], { env: { MONGO_DB: t.name } });
      expect(typo.code).toBe(2);
      expect(typo.stdout).toBe('');
      expect(typo.stderr).toMatch(
        new RegExp(
          `^crm-seed: no batch "batch-x" in ${t.name} at mongodb://\\S+: no seed_batches entry names it and no document carries that marker; nothing deleted \\(crm-seed stats lists the batches there; a batch already cleaned up is no longer listed\\); did you mean batch-[ab]\\?\n$`,
        ),
      );
    }
    expect(await snapshotDatabase(t.db)).toEqual(before);
  });

  test('without a terminal and without --yes it refuses (exit 4) and deletes nothing', async () => {
    const before = await snapshotDatabase(t.db);
    const refused = await runBin(['cleanup', '--batch', 'batch-a', '--db', t.name], { input: 'DELETE\n' });
    expect(refused.code).toBe(4);
    expect(refused.stderr).toBe(
      'crm-seed: refusing to delete without confirmation: standard input is not a terminal, so nobody can type DELETE; pass --yes to confirm in a script\n',
    );
    const noSelector = await cli(['cleanup', '--db', t.name]);
    expect(noSelector.code).toBe(2);
    expect(noSelector.stderr).toContain(
      'choose what to remove: --batch <marker>, --ids <from>-<to> or --last <n>',
    );
    expect(await snapshotDatabase(t.db)).toEqual(before);
  });

  test('conflicting or malformed selectors are rejected before anything is touched', async () => {
    const before = await snapshotDatabase(t.db);
    const both = await cli(['cleanup', '--batch', 'batch-a', '--last', '3', '--yes', '--db', t.name]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("option '--batch <marker>' cannot be used with option '--last <n>'");
    for (const [flag, value, message] of [
      ['--ids', '9-3', '--ids must be a call id range <from>-<to> such as 1001-1500, from <= to (got "9-3")'],
      ['--ids', 'all', '--ids must be a call id range'],
      ['--last', '0', '--last must be a whole number of calls, 1 or more (got "0")'],
    ] as const) {
      const bad = await cli(['cleanup', flag, value, '--yes', '--db', t.name]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(message);
    }
    expect(await snapshotDatabase(t.db)).toEqual(before);
  });

  test('the production guard applies: a database named like production is refused', async () => {
    const { code, stderr } = await cli(['cleanup', '--batch', 'batch-a', '--yes', '--db', `${t.name}_prod`]);
    expect(code).toBe(4);
    expect(stderr).toContain('matches the production pattern');
  });
});
