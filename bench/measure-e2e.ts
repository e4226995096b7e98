import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, parse } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { MongoClient } from 'mongodb';
import { ACTIVITY_LOGS, callChunks, CALLS, callsPlan, RUN_FIELD } from '../src/internal';
import type { ActivityLogDoc, CallDoc, DatasetPlan } from '../src/internal';
import { BENCH_REF_DATE, BENCH_SEED, benchSettings, freshDbName } from './bench-db';
import type { BenchOptions } from './bench-options';
import { expectSuccess, ROOT, runChild } from './child-process';
import { medianPhases, newProbe, phasesOf, PROBE, SEED_UP_MARKS } from './probe';
import type { PhaseRow, ProbeRecord } from './probe';
import { median, rotated } from './stats';

export interface EndToEndFigures {
  /** Median of `migrate-mongo up` runs, process start to exit. */
  readonly e2eMs: number;
  /** Median of the bare driver script writing the same documents, process start to exit. */
  readonly floorMs: number;
  /** e2eMs / floorMs. */
  readonly e2eVsFloor: number;
  /** Median of `migrate-mongo up` of a plain JavaScript migration inserting the same documents. */
  readonly plainMs: number;
  /** Median of the per-run ratios e2e / plain. */
  readonly e2eVsPlain: number;
  /**
   * Median of `migrate-mongo up` of a plain migration that makes the same documents with the
   * library's generator (faker, the text pools) instead of reading them from a file, and
   * inserts them: the seed's own work with none of its guarantees (no config check, lock,
   * registry, id reservation or preflight).
   */
  readonly generatingMs: number;
  /** Median of the per-run ratios generating / plain: what making the documents costs. */
  readonly generatingVsPlain: number;
  /** Median of the per-run ratios e2e / generating: what the guarantees cost on top. */
  readonly e2eVsGenerating: number;
  /** Where the time went (medians over the runs), bench/probe.cjs's view. */
  readonly e2ePhases: PhaseRow[];
  readonly plainPhases: PhaseRow[];
}

export const MIGRATE_MONGO = join(ROOT, 'node_modules', 'migrate-mongo', 'bin', 'migrate-mongo.js');
const FLOOR_SCRIPT = join(ROOT, 'bench', 'floor-insert.cjs');
/** migrate-mongo's template, which it never runs. */
const SEED_TEMPLATE = 'sample-migration';

/**
 * What a user waits for, against what any node process must spend on the same work. Each
 * run, in a fresh database (dropped afterwards), the four interleaved and their order
 * rotating from one run to the next:
 * - e2e: `node node_modules/migrate-mongo/bin/migrate-mongo.js up` in the repository root,
 *   i.e. `npx migrate-mongo up` without npx's own start-up: node, migrate-mongo, the config
 *   and seed file through ts-node, the compiled library, the seed's guard, lock and id
 *   reservation, the writes;
 * - floor: bench/floor-insert.cjs, plain node loading the driver, connecting and inserting
 *   the identical documents (generated once here by the library's generator, with the seed
 *   and reference date passed to the e2e run as SEED_RANDOM_SEED and SEED_REF_DATE);
 * - plain: the same migrate-mongo bin in a scratch folder with its own migrate-mongo-config.js
 *   and one hand-written JavaScript migration whose `up` inserts those documents with two
 *   `insertMany` (calls, then logs): what migrate-mongo itself costs, without the seed;
 * - generating: plain's project again, its migration making those documents with the built
 *   library's generator: the seed's generation without its guarantees.
 * All are timed from spawn to exit, each started with bench/probe.cjs for the phase tables.
 */
export async function measureEndToEnd(
  client: MongoClient,
  url: string,
  options: BenchOptions,
  progress: (line: string) => void,
): Promise<EndToEndFigures> {
  const batch = seedFileMarker();
  const plan = docsPlan(url, options.e2eCalls, options, batch);
  const docs = generateDocs(plan, options.batchSize);
  const dir = mkdtempSync(join(tmpdir(), 'crm-seed-e2e-'));
  const docsFile = join(dir, 'docs.json');
  writeFileSync(docsFile, JSON.stringify(docs));
  const plainDir = writePlainProject(dir, 'plain', readingMigration(docsFile));
  const generatingDir = writePlainProject(
    dir,
    'generating',
    generatingMigration(
      { calls: options.e2eCalls, randomSeed: BENCH_SEED, refDate: BENCH_REF_DATE },
      batch,
      options.batchSize,
    ),
  );
  const e2e: number[] = [];
  const floor: number[] = [];
  const plain: number[] = [];
  const generating: number[] = [];
  const e2ePhases: PhaseRow[][] = [];
  const plainPhases: PhaseRow[][] = [];
  try {
    for (let run = 0; run < options.e2eRuns; run++) {
      const runE2e = (): Promise<number> =>
        inFreshDb(client, 'e2e', async (dbName) => {
          const env = seedEnv(url, dbName, options.e2eCalls);
          const ms = await probedRun('migrate-mongo up', [MIGRATE_MONGO, 'up'], env, ROOT, (record) =>
            e2ePhases.push(phasesOf(record, SEED_UP_MARKS, 'to exit (changelog entry, disconnect)')),
          );
          await expectDocs(client, dbName, docs, 'migrate-mongo up');
          return ms;
        });
      const runFloor = (): Promise<number> =>
        inFreshDb(client, 'floor', async (dbName) => {
          const args = [FLOOR_SCRIPT, url, dbName, docsFile];
          const ms = await probedRun('floor-insert.cjs', args, process.env, ROOT);
          await expectDocs(client, dbName, docs, 'floor-insert.cjs');
          return ms;
        });
      const runPlain = (): Promise<number> =>
        inFreshDb(client, 'plain', async (dbName) => {
          const env = seedEnv(url, dbName, options.e2eCalls);
          const ms = await probedRun(
            'migrate-mongo up (plain migration)',
            [MIGRATE_MONGO, 'up'],
            env,
            plainDir,
            (r) =>
              plainPhases.push(
                phasesOf(r, [], 'migrate-mongo: changelog, the migration, changelog entry, disconnect'),
              ),
          );
          await expectDocs(client, dbName, docs, 'migrate-mongo up (plain migration)');
          return ms;
        });
      const runGenerating = (): Promise<number> =>
        inFreshDb(client, 'generating', async (dbName) => {
          const env = seedEnv(url, dbName, options.e2eCalls);
          const what = 'migrate-mongo up (plain migration, generating)';
          const ms = await probedRun(what, [MIGRATE_MONGO, 'up'], env, generatingDir);
          await expectDocs(client, dbName, docs, what);
          return ms;
        });
      const [e2eMs, floorMs, plainMs, generatingMs] = await rotated<[number, number, number, number]>(run, [
        runE2e,
        runFloor,
        runPlain,
        runGenerating,
      ]);
      e2e.push(e2eMs);
      floor.push(floorMs);
      plain.push(plainMs);
      generating.push(generatingMs);
      progress(
        `  run ${run + 1}/${options.e2eRuns}: migrate-mongo up ${Math.round(e2eMs)} ms, floor ${Math.round(floorMs)} ms ` +
          `(${(e2eMs / floorMs).toFixed(2)}), plain migration ${Math.round(plainMs)} ms (${(e2eMs / plainMs).toFixed(2)}), ` +
          `generating ${Math.round(generatingMs)} ms`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    e2eMs: median(e2e),
    floorMs: median(floor),
    e2eVsFloor: median(e2e) / median(floor),
    plainMs: median(plain),
    e2eVsPlain: median(e2e.map((ms, i) => ms / plain[i]!)),
    generatingMs: median(generating),
    generatingVsPlain: median(generating.map((ms, i) => ms / plain[i]!)),
    e2eVsGenerating: median(e2e.map((ms, i) => ms / generating[i]!)),
    e2ePhases: medianPhases(e2ePhases),
    plainPhases: medianPhases(plainPhases),
  };
}

/**
 * One process timed from spawn to exit, started with bench/probe.cjs (every side alike: the
 * probe's own cost, a hook on require and a wrapper per command, is the same on each).
 */
async function probedRun(
  what: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  onRecord?: (record: ProbeRecord) => void,
): Promise<number> {
  const probe = newProbe({ commands: true });
  try {
    const result = expectSuccess(
      what,
      await runChild(process.execPath, ['-r', PROBE, ...args], { ...env, ...probe.env }, cwd),
    );
    onRecord?.(probe.read());
    return result.ms;
  } finally {
    probe.dispose();
  }
}

/**
 * A scratch migrate-mongo project: its config (MONGO_URL, MONGO_DB, the default changelog)
 * and one migration, written as anyone would by hand.
 */
function writePlainProject(dir: string, name: string, migration: string): string {
  const project = join(dir, name);
  mkdirSync(join(project, 'migrations'), { recursive: true });
  writeFileSync(
    join(project, 'migrate-mongo-config.js'),
    `module.exports = {
  mongodb: { url: process.env.MONGO_URL, databaseName: process.env.MONGO_DB, options: {} },
  migrationsDir: 'migrations',
  changelogCollectionName: 'changelog',
  lockCollectionName: 'changelog_lock',
  lockTtl: 0,
  migrationFileExtension: '.js',
  useFileHash: false,
  moduleSystem: 'commonjs',
};
`,
  );
  writeFileSync(join(project, 'migrations', '20251010000000-calls-500.js'), migration);
  return project;
}

/** The plain migration: inserts the documents of docsFile, calls then logs. */
function readingMigration(docsFile: string): string {
  return `const { calls, logs } = require(${JSON.stringify(docsFile)});

module.exports = {
  async up(db) {
    await db.collection('calls').insertMany(calls, { ordered: false });
    await db.collection('activity_logs').insertMany(logs, { ordered: false });
  },
  async down(db) {
    const batch = calls[0].seed_batch;
    await db.collection('activity_logs').deleteMany({ seed_batch: batch });
    await db.collection('calls').deleteMany({ seed_batch: batch });
  },
};
`;
}

/**
 * The same documents made by the compiled library's generator, then inserted: the modules a
 * seed run loads for it (settings, the dataset built for the run, the generator), not the
 * internal entry, which loads zod and the rest for the tests.
 */
function generatingMigration(
  values: Readonly<Record<string, unknown>>,
  batch: string,
  chunkSize: number,
): string {
  const dist = (path: string) => JSON.stringify(join(ROOT, 'dist', path));
  return `const { crmCalls } = require(${dist('index.js')});
const { settingsWith } = require(${dist('config/load-settings.js')});
const { datasetRun } = require(${dist('config/dataset-run.js')});
const { checkDataset } = require(${dist('dataset/check-dataset.js')});
const { generateDataset } = require(${dist('generate/dataset-generation.js')});

const settings = settingsWith(crmCalls, { top: { kind: 'seed file', values: ${JSON.stringify(values)} } });
const { spec, seed, refDate } = datasetRun(crmCalls, settings, ${JSON.stringify(batch)});
const plan = { batch: ${JSON.stringify(batch)}, seed, refDate, spec, totals: checkDataset(spec, 'calls'), existing: new Map() };
const docsOf = (chunk, name) => chunk.groups.find((g) => g.collection === name)?.docs ?? [];

module.exports = {
  async up(db) {
    for (const chunk of generateDataset(plan, {}, ${chunkSize})) {
      await db.collection('calls').insertMany(docsOf(chunk, 'calls'), { ordered: false });
      await db.collection('activity_logs').insertMany(docsOf(chunk, 'activity_logs'), { ordered: false });
    }
  },
  async down() {},
};
`;
}

interface Docs {
  readonly calls: CallDoc[];
  readonly logs: ActivityLogDoc[];
}

/**
 * This repository compiles its `.ts` config and seed files once per content and keeps the
 * JavaScript (scripts/ts-cache.cjs): a user's second and later commands start without loading
 * TypeScript. The benchmark measures that steady state, so it has them compiled beforehand,
 * through the same hook, without running them.
 */
export async function warmTsCache(): Promise<void> {
  const files = [
    join(ROOT, 'migrate-mongo-config.ts'),
    ...readdirSync(join(ROOT, 'seeds')).map((f) => join(ROOT, 'seeds', f)),
  ];
  const script = `require('./scripts/ts-cache.cjs').registerTsCache(process.cwd());
const compileOnly = { _compile() {} };
for (const file of ${JSON.stringify(files)}) require.extensions['.ts'](compileOnly, file);`;
  expectSuccess('compiling the .ts config and seed files', await runChild(process.execPath, ['-e', script]));
}

/** The repository's one seed file's marker (its name without extension), which the e2e run writes. */
export function seedFileMarker(): string {
  const names = readdirSync(join(ROOT, 'seeds'))
    .map((file) => parse(file).name)
    .filter((name) => name !== SEED_TEMPLATE);
  if (names.length !== 1) throw new Error(`expected one seed file in seeds/, found: ${names.join(', ')}`);
  return names[0]!;
}

/** What `migrate-mongo up` makes with seedEnv's settings. */
export function docsPlan(url: string, calls: number, options: BenchOptions, batch: string): DatasetPlan {
  const settings = benchSettings({
    mongoUrl: url,
    dbName: 'unused',
    calls,
    batchSize: options.batchSize,
    concurrency: options.concurrency,
  });
  return callsPlan(settings, batch);
}

/** What `migrate-mongo up` writes into an empty database: ids from 1. */
export function generateDocs(plan: DatasetPlan, chunkSize: number): Docs {
  const docs: Docs = { calls: [], logs: [] };
  for (const chunk of callChunks(plan, chunkSize)) {
    docs.calls.push(...chunk.calls);
    docs.logs.push(...chunk.logs);
  }
  return docs;
}

/** The caller's environment without its MONGO_* and SEED_* settings, plus the run's own. */
export function seedEnv(url: string, dbName: string, calls: number): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(MONGO|SEED)_/.test(key)));
  return {
    ...env,
    MONGO_URL: url,
    MONGO_DB: dbName,
    SEED_CALLS: String(calls),
    SEED_RANDOM_SEED: String(BENCH_SEED),
    SEED_REF_DATE: BENCH_REF_DATE,
  };
}

async function inFreshDb(
  client: MongoClient,
  label: string,
  fn: (dbName: string) => Promise<number>,
): Promise<number> {
  const dbName = freshDbName(label);
  try {
    return await fn(dbName);
  } finally {
    await client.db(dbName).dropDatabase();
  }
}

/** Both sides wrote the expected number of documents, and the same first and last ones. */
async function expectDocs(client: MongoClient, dbName: string, docs: Docs, what: string): Promise<void> {
  const db = client.db(dbName);
  for (const [name, expected] of [
    [CALLS, docs.calls],
    [ACTIVITY_LOGS, docs.logs],
  ] as const) {
    const collection = db.collection(name);
    const count = await collection.countDocuments();
    if (count !== expected.length) throw new Error(`${what} wrote ${count} ${name}, not ${expected.length}`);
    for (const doc of [expected[0], expected.at(-1)]) {
      // The seed adds its run's identity, which no generated document can know.
      const stored = await collection.findOne({ id: doc?.id }, { projection: { _id: 0, [RUN_FIELD]: 0 } });
      if (!isDeepStrictEqual(stored, doc)) {
        throw new Error(`${what}: ${name} id ${String(doc?.id)} differs from the generated document`);
      }
    }
  }
}
