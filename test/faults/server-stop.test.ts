import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { freePort, removeFerretdbData, startFerretdb } from '../../scripts/ferretdb-server';
import type { FerretdbServer } from '../../scripts/ferretdb-server';
import { runMigrate } from '../support/run-process';
import { addForeignData, BATCH, expectExactBatch, foreignSnapshot } from './support/fault-data';
import { killStartedProcesses, startMigrate, withoutPauseMarkers } from './support/seed-process';

/**
 * A server of its own (fixed data directory and port), stopped while a 2,000-call `up` is
 * halfway (paused at `mid-calls`: 20 chunks of 100, 10 of them written), then started again on the
 * same directory and port (so the same SQLite files or PostgreSQL database, whichever
 * FERRETDB_HANDLER chose).
 */
describe('the database server stops in the middle of up', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-seed-server-stop-'));
  let server: FerretdbServer | undefined;
  afterAll(async () => {
    await killStartedProcesses();
    await server?.stop();
    removeFerretdbData(dir);
  });

  async function withDb<T>(url: string, use: (db: ReturnType<MongoClient['db']>) => Promise<T>): Promise<T> {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
    try {
      return await use(client.db('server_stop'));
    } finally {
      await client.close();
    }
  }

  test('up reports it in one line and exits non-zero; after a restart, up completes exactly', async () => {
    const port = await freePort();
    server = await startFerretdb({ dir, port });
    const url = server.url;
    const env = { MONGO_URL: url, MONGO_DB: 'server_stop', SEED_CALLS: '2000', SEED_BATCH_SIZE: '100' };
    const foreign = await withDb(url, async (db) => {
      await addForeignData(db);
      return foreignSnapshot(db);
    });

    const run = startMigrate(['up'], { ...env, SEED_TEST_PAUSE_AT: 'mid-calls' });
    await run.paused('mid-calls');
    await server.stop();
    server = undefined;
    run.resume();
    const failed = await run.done;

    expect(failed.code).not.toBe(0);
    const lines = withoutPauseMarkers(failed.stderr).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^ERROR: Could not migrate up ${BATCH}\\.ts: lost the connection to the database during up of batch ${BATCH} \\(.+\\); nothing is recorded in the changelog: run \`up\` again when the server is back`,
      ),
    );
    expect(failed.stdout).not.toContain('MIGRATED UP');

    server = await startFerretdb({ dir, port });
    const again = await runMigrate(['up'], { env, timeoutMs: 400_000 });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/took over the seed lock .*: its process \d+ is no longer running/);
    expect(again.stderr).toMatch(/removed \d+ calls, \d+ activity_logs left by an interrupted run/);
    await withDb(url, async (db) => {
      await expectExactBatch(db, 2_000, foreign);
    });
  });
});
