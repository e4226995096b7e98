import { runMigrate } from '../support/run-process';
import { openTestDb } from '../support/test-db';
import type { TestDb } from '../support/test-db';
import { addForeignData, batchCounts, expectExactBatch, foreignSnapshot, hashOf } from './support/fault-data';
import { killStartedProcesses, startMigrate } from './support/seed-process';

/**
 * Ten up/down cycles on a database holding the app's data, some of them failing or killed
 * on the way: the hash of everything the seed does not own never changes.
 */
describe('10 up/down cycles with foreign data present', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb('cycles');
    await addForeignData(t.db);
  });
  afterAll(async () => {
    await killStartedProcesses();
    await t.drop();
  });

  test('foreign data hashes are unchanged after every step, including failed and interrupted ones', async () => {
    const env = { MONGO_DB: t.name, SEED_CALLS: '400' };
    const hash = hashOf(await foreignSnapshot(t.db));
    const expectForeignUnchanged = async (step: string) =>
      expect({ step, hash: hashOf(await foreignSnapshot(t.db)) }).toEqual({ step, hash });

    for (let cycle = 1; cycle <= 10; cycle++) {
      if (cycle === 3) {
        // Killed halfway: the next up cleans up after it.
        const killed = startMigrate(['up'], {
          ...env,
          SEED_TEST_PAUSE_AT: 'between-calls-and-logs',
          SEED_BATCH_SIZE: '100',
        });
        await killed.paused('between-calls-and-logs');
        killed.kill();
        await killed.done;
        await expectForeignUnchanged(`cycle ${cycle}: killed up`);
      }
      if (cycle === 6) {
        // Refused and invalid runs touch nothing.
        expect((await runMigrate(['up'], { env: { ...env, NODE_ENV: 'production' } })).code).not.toBe(0);
        expect((await runMigrate(['up'], { env: { ...env, SEED_CALLS: '-1' } })).code).not.toBe(0);
        await expectForeignUnchanged(`cycle ${cycle}: refused up`);
      }
      const up = await runMigrate(['up'], { env });
      expect({ cycle, up: up.code }).toEqual({ cycle, up: 0 });
      await expectExactBatch(t.db, 400);
      await expectForeignUnchanged(`cycle ${cycle}: up`);

      const down = await runMigrate(['down'], { env });
      expect({ cycle, down: down.code }).toEqual({ cycle, down: 0 });
      expect(await batchCounts(t.db)).toEqual({ calls: 0, logs: 0 });
      await expectForeignUnchanged(`cycle ${cycle}: down`);
    }
  });
});
