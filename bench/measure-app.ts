import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db, MongoClient } from 'mongodb';
import {
  ACTIVITY_LOGS,
  BATCH_FIELD,
  callChunks,
  CALLS,
  callsPlan,
  guardOf,
  seedDown,
  seedUp,
  silentLogger,
} from '../src/internal';
import { benchSettings, freshDbName } from './bench-db';
import type { BenchOptions } from './bench-options';
import { expectSuccess, ROOT, runChild } from './child-process';
import { docsPlan, generateDocs, MIGRATE_MONGO, seedEnv, seedFileMarker } from './measure-e2e';
import { medianPhases, newProbe, phasesOf, PROBE, SEED_UP_MARKS } from './probe';
import type { PhaseRow } from './probe';
import { inOrder, median, timed } from './stats';

export interface AppFigures {
  /** seedUp and seedDown in this process. */
  readonly upMs: number;
  readonly downMs: number;
  /** `migrate-mongo up` and `down` (the repository's seed file), process start to exit. */
  readonly cliUpMs: number;
  readonly cliDownMs: number;
  /** bench/floor-app.cjs up and down, process start to exit, interleaved with the two above. */
  readonly floorUpMs: number;
  readonly targetedDownMs: number;
  /** Medians of the per-pair ratios. */
  readonly upAppVsFloor: number;
  readonly downAppVsTargeted: number;
  /** Where `migrate-mongo up`'s time went (medians over the reps), and the floor's. */
  readonly upPhases: PhaseRow[];
  readonly floorPhases: PhaseRow[];
}

const FLOOR_APP = join(ROOT, 'bench', 'floor-app.cjs');

/**
 * A small seed beside a large app: `--app-docs` unmarked calls and as many activity logs (the
 * app's own, generated like the seed's and stored without a marker, ids 1..n, counters at n)
 * in a fresh database per repetition. In it, in turn:
 * - `seedUp` of `--app-calls` calls and `seedDown` of them, in this process;
 * - a pair, the two sides in alternating order: `migrate-mongo up` then `down` (the
 *   repository's seed file, as a user runs them), and the floor (bench/floor-app.cjs: a
 *   careful driver script that reads the highest id of both collections and inserts the same
 *   documents, then deletes them by marker). Each is timed from spawn to exit; both sides
 *   carry bench/probe.cjs, which records the seed's lifecycle events and every server
 *   command's round trip (a few microseconds each), for the phase tables.
 * What dominates on FerretDB is how the server finds documents among the app's: its SQLite
 * backend decodes every document of a collection for any filter or sort but `_id`.
 */
export async function measureApp(
  client: MongoClient,
  url: string,
  options: BenchOptions,
  progress: (line: string) => void,
): Promise<AppFigures> {
  const up: number[] = [];
  const down: number[] = [];
  const cliUp: number[] = [];
  const cliDown: number[] = [];
  const floorUp: number[] = [];
  const floorDown: number[] = [];
  const upPhases: PhaseRow[][] = [];
  const floorPhases: PhaseRow[][] = [];
  const marker = seedFileMarker();
  const floorBatch = 'bench-app-floor';
  const dir = mkdtempSync(join(tmpdir(), 'crm-seed-app-'));
  const docsFile = join(dir, 'docs.json');
  writeFileSync(
    docsFile,
    JSON.stringify(generateDocs(docsPlan(url, options.appCalls, options, floorBatch), options.batchSize)),
  );
  try {
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

        const app = async (): Promise<[number, number]> => {
          const probe = newProbe({ commands: true });
          try {
            const env = { ...seedEnv(url, dbName, options.appCalls), ...probe.env };
            const migrate = async (step: 'up' | 'down'): Promise<number> =>
              expectSuccess(
                `migrate-mongo ${step}`,
                await runChild(process.execPath, ['-r', PROBE, MIGRATE_MONGO, step], env),
              ).ms;
            const upMs = await migrate('up');
            await expectBatch(db, marker, options.appDocs + options.appCalls, 'migrate-mongo up');
            upPhases.push(phasesOf(probe.read(), SEED_UP_MARKS, 'to exit (changelog entry, disconnect)'));
            const downMs = await migrate('down');
            await expectAppOnly(db, options.appDocs, 'migrate-mongo down');
            return [upMs, downMs];
          } finally {
            probe.dispose();
          }
        };
        const floor = async (): Promise<[number, number]> => {
          const probe = newProbe({ commands: true });
          try {
            const env = { ...process.env, ...probe.env };
            const upRun = expectSuccess(
              'floor-app.cjs up',
              await runChild(process.execPath, ['-r', PROBE, FLOOR_APP, 'up', url, dbName, docsFile], env),
            );
            await expectBatch(db, floorBatch, options.appDocs + options.appCalls, 'floor-app.cjs up');
            floorPhases.push(phasesOf(probe.read(), [], 'reads, inserts, disconnect'));
            const { firstCallId, firstLogId } = JSON.parse(upRun.stdout) as {
              firstCallId: number;
              firstLogId: number;
            };
            const args = [floorBatch, options.appCalls, firstCallId, firstLogId].map(String);
            const downRun = expectSuccess(
              'floor-app.cjs down',
              await runChild(process.execPath, ['-r', PROBE, FLOOR_APP, 'down', url, dbName, ...args], env),
            );
            await expectAppOnly(db, options.appDocs, 'floor-app.cjs down');
            return [upRun.ms, downRun.ms];
          } finally {
            probe.dispose();
          }
        };
        const [[appUpMs, appDownMs], [floorUpMs, floorDownMs]] = await inOrder(rep, app, floor);
        cliUp.push(appUpMs);
        cliDown.push(appDownMs);
        floorUp.push(floorUpMs);
        floorDown.push(floorDownMs);
        progress(
          `  rep ${rep + 1}/${options.reps} (${options.appCalls} calls beside ${options.appDocs} of the app's per collection): ` +
            `seedUp ${Math.round(up.at(-1)!)} ms, seedDown ${Math.round(ms)} ms; ` +
            `migrate-mongo up ${Math.round(appUpMs)} ms vs floor ${Math.round(floorUpMs)} ms (${(appUpMs / floorUpMs).toFixed(2)}), ` +
            `down ${Math.round(appDownMs)} ms vs targeted ${Math.round(floorDownMs)} ms (${(appDownMs / floorDownMs).toFixed(2)})`,
        );
      } finally {
        await db.dropDatabase();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const ratios = (a: number[], b: number[]): number => median(a.map((x, i) => x / b[i]!));
  return {
    upMs: median(up),
    downMs: median(down),
    cliUpMs: median(cliUp),
    cliDownMs: median(cliDown),
    floorUpMs: median(floorUp),
    targetedDownMs: median(floorDown),
    upAppVsFloor: ratios(cliUp, floorUp),
    downAppVsTargeted: ratios(cliDown, floorDown),
    upPhases: medianPhases(upPhases),
    floorPhases: medianPhases(floorPhases),
  };
}

async function expectAppOnly(db: Db, appDocs: number, after: string): Promise<void> {
  for (const name of [CALLS, ACTIVITY_LOGS]) {
    const left = await db.collection(name).countDocuments();
    if (left !== appDocs) throw new Error(`after ${after}: ${left} ${name} instead of ${appDocs}`);
  }
}

/** Both collections hold the app's documents plus the batch (by marker). */
async function expectBatch(db: Db, batch: string, total: number, after: string): Promise<void> {
  for (const name of [CALLS, ACTIVITY_LOGS]) {
    const n = await db.collection(name).countDocuments();
    if (n !== total) throw new Error(`after ${after}: ${n} ${name} instead of ${total} (batch ${batch})`);
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
  for (const chunk of callChunks(callsPlan(settings, 'app'), 5_000)) {
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
