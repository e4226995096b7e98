import { runMigrate } from '../support/run-process';
import { openTestDb, snapshotDatabase } from '../support/test-db';
import type { TestDb } from '../support/test-db';
import { addForeignData, BATCH, batchCounts } from './support/fault-data';

const OVERRIDE = 'set SEED_ALLOW_PRODUCTION=1 (or --allow-production) if this really is a dev database';

describe('the production guard', () => {
  const opened: { t: TestDb; names: string[] }[] = [];
  afterEach(async () => {
    for (const { t, names } of opened.splice(0)) {
      for (const name of names) await t.client.db(name).dropDatabase();
      await t.drop();
    }
  });
  /** A database whose name ends as given, holding the app's data. */
  async function database(suffix: string): Promise<{ t: TestDb; name: string }> {
    const t = await openTestDb('guard');
    const name = `${t.name}${suffix}`;
    opened.push({ t, names: [name, `live_${t.name}`.slice(0, 63)] });
    await addForeignData(t.client.db(name));
    return { t, name };
  }
  async function expectRefused(env: Record<string, string>, command: string, reason: RegExp): Promise<void> {
    const run = await runMigrate([command], { env });
    expect(run.code).not.toBe(0);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(reason);
    expect(lines[0]).toContain(OVERRIDE);
  }

  test.each([['production'], ['Production'], ['prod']])(
    'refuses up when NODE_ENV=%s, says why, writes nothing',
    async (nodeEnv) => {
      const { t, name } = await database('');
      const before = await snapshotDatabase(t.client.db(name));
      await expectRefused(
        { MONGO_DB: name, NODE_ENV: nodeEnv },
        'up',
        new RegExp(`refusing to write: NODE_ENV is "${nodeEnv}"`),
      );
      expect(await snapshotDatabase(t.client.db(name))).toEqual(before);
    },
  );

  test.each([['_prod'], ['-production'], ['-prod-eu']])(
    'refuses up on a database named like production (…%s), naming the pattern',
    async (suffix) => {
      const { t, name } = await database(suffix);
      const before = await snapshotDatabase(t.client.db(name));
      await expectRefused(
        { MONGO_DB: name },
        'up',
        new RegExp(
          `refusing to write: database name "${name}" matches the production pattern .* \\(SEED_PRODUCTION_PATTERN\\)`,
        ),
      );
      expect(await snapshotDatabase(t.client.db(name))).toEqual(before);
    },
  );

  test('the pattern is configurable: SEED_PRODUCTION_PATTERN=^live_ guards live_* and frees *_prod', async () => {
    const live = await database('');
    const liveName = `live_${live.name}`.slice(0, 63);
    await addForeignData(live.t.client.db(liveName));
    await expectRefused(
      { MONGO_DB: liveName, SEED_PRODUCTION_PATTERN: '^live_' },
      'up',
      /matches the production pattern \/\^live_\/i/,
    );

    const { t, name } = await database('_prod');
    const up = await runMigrate(['up'], {
      env: { MONGO_DB: name, SEED_PRODUCTION_PATTERN: '^live_', SEED_CALLS: '50' },
    });
    expect(up.code).toBe(0);
    expect(await batchCounts(t.client.db(name))).toEqual({ calls: 50, logs: 50 });
  });

  test('SEED_ALLOW_PRODUCTION=1 lets up and down through; down without it is refused too', async () => {
    const { t, name } = await database('_prod');
    const db = t.client.db(name);
    const allowed = { MONGO_DB: name, NODE_ENV: 'production', SEED_ALLOW_PRODUCTION: '1', SEED_CALLS: '50' };
    expect((await runMigrate(['up'], { env: allowed })).code).toBe(0);
    expect(await batchCounts(db)).toEqual({ calls: 50, logs: 50 });

    await expectRefused(
      { MONGO_DB: name, NODE_ENV: 'production' },
      'down',
      /refusing to write: NODE_ENV is "production"/,
    );
    expect(await batchCounts(db)).toEqual({ calls: 50, logs: 50 });

    const down = await runMigrate(['down'], { env: allowed });
    expect(down.code).toBe(0);
    expect(down.stdout).toContain(`removed batch ${BATCH}`);
    expect(await batchCounts(db)).toEqual({ calls: 0, logs: 0 });
  });
});
