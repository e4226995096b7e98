import type { Db, MongoClient } from 'mongodb';
import { ACTIVITY_LOGS, CALLS, generateChunks } from '../src/datasets/crm-calls/dataset';
import { silentLogger } from '../src/logger';
import { BATCH_FIELD } from '../src/schema/marker';
import { seedDown } from '../src/operations/seed-down';
import { planFromSettings } from '../src/datasets/crm-calls/options';
import { guardOf } from '../src/config/run-plan';
import { seedUp } from '../src/datasets/crm-calls/seed-up';
import { benchSettings, freshDbName } from './bench-db';
import type { BenchOptions } from './bench-options';
import { expectSuccess, runChild } from './child-process';
import { MIGRATE_MONGO, seedEnv } from './measure-e2e';
import { median, timed } from './stats';

export interface AppDownFigures {
  /** seedUp and seedDown in this process. */
  readonly upMs: number;
  readonly downMs: number;
  /** `migrate-mongo up` and `down` (the repository's seed file), process start to exit. */
  readonly cliUpMs: number;
  readonly cliDownMs: number;
}

/**
 * A small seed beside a large app: `--app-docs` unmarked calls and as many activity logs (the
 * app's own, generated like the seed's and stored without a marker), then `seedUp` of
 * `--app-calls` calls and the time `seedDown` takes to remove them again; then the same through
 * `migrate-mongo up` and `down` as a user runs them. What it measures is how the server finds
 * the marked documents among the others: FerretDB's SQLite backend decodes every document of
 * the collection, its PostgreSQL backend filters by the marker in SQL.
 */
export async function measureAppDown(
  client: MongoClient,
  url: string,
  options: BenchOptions,
  progress: (line: string) => void,
): Promise<AppDownFigures> {
  const up: number[] = [];
  const down: number[] = [];
  const cliUp: number[] = [];
  const cliDown: number[] = [];
  for (let rep = 0; rep < options.reps; rep++) {
    const dbName = freshDbName('app');
    const db = client.db(dbName);
    try {
      await insertAppDocuments(db, url, options);
      const settings = benchSettings({
        mongoUrl: url,
        dbName,
        calls: options.appCalls,
        batchSize: options.batchSize,
        concurrency: options.concurrency,
      });
      const batch = 'bench-app';
      const request = { db, batch, owner: 'script:bench', logger: silentLogger };
      up.push((await timed(() => seedUp({ ...request, settings }))).ms);
      const { ms, value } = await timed(() => seedDown({ ...request, guard: guardOf(settings) }));
      if (value.total !== 2 * options.appCalls)
        throw new Error(`down removed ${value.total} documents instead of ${2 * options.appCalls}`);
      await expectAppOnly(db, options.appDocs, 'down');
      down.push(ms);

      const env = seedEnv(url, dbName, options.appCalls);
      const migrate = async (step: 'up' | 'down'): Promise<number> =>
        expectSuccess(`migrate-mongo ${step}`, await runChild(process.execPath, [MIGRATE_MONGO, step], env))
          .ms;
      cliUp.push(await migrate('up'));
      cliDown.push(await migrate('down'));
      await expectAppOnly(db, options.appDocs, 'migrate-mongo down');
      progress(
        `  rep ${rep + 1}/${options.reps}: up ${Math.round(up.at(-1)!)} ms, down ${Math.round(ms)} ms; ` +
          `migrate-mongo up ${Math.round(cliUp.at(-1)!)} ms, down ${Math.round(cliDown.at(-1)!)} ms ` +
          `(${options.appCalls} calls beside ${options.appDocs} of the app's per collection)`,
      );
    } finally {
      await db.dropDatabase();
    }
  }
  return { upMs: median(up), downMs: median(down), cliUpMs: median(cliUp), cliDownMs: median(cliDown) };
}

async function expectAppOnly(db: Db, appDocs: number, after: string): Promise<void> {
  for (const name of [CALLS, ACTIVITY_LOGS]) {
    const left = await db.collection(name).countDocuments();
    if (left !== appDocs) throw new Error(`after ${after}: ${left} ${name} instead of ${appDocs}`);
  }
}

/** The app's documents, ids 1..appDocs, and its counters at the highest id, as a live app leaves them. */
async function insertAppDocuments(db: Db, url: string, options: BenchOptions): Promise<void> {
  const settings = benchSettings({
    mongoUrl: url,
    dbName: db.databaseName,
    calls: options.appDocs,
    batchSize: options.batchSize,
    concurrency: options.concurrency,
  });
  const unmarked = (doc: object): Record<string, unknown> => {
    const copy: Record<string, unknown> = { ...doc };
    delete copy[BATCH_FIELD];
    return copy;
  };
  for (const chunk of generateChunks(planFromSettings(settings, 'app'), 1, 1, 5_000)) {
    await Promise.all([
      db.collection(CALLS).insertMany(chunk.calls.map(unmarked), { ordered: false }),
      db.collection(ACTIVITY_LOGS).insertMany(chunk.logs.map(unmarked), { ordered: false }),
    ]);
  }
  await db.collection('counters').insertMany([
    { _id: CALLS as never, seq: options.appDocs },
    { _id: ACTIVITY_LOGS as never, seq: options.appDocs },
  ]);
}
