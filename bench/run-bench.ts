// `npm run bench [-- --calls 20000 ...]`: throughput, memory and latency of the seed against
// the local FerretDB it starts (or MONGO_URL's server). Figures go to stdout as `name value`
// lines plus a table; progress goes to stderr. See docs/performance.md.
import { availableParallelism } from 'node:os';
import { CommanderError } from 'commander';
import type { MongoClient } from 'mongodb';
import { benchSettings, openBenchServer } from './bench-db';
import { parseBenchOptions } from './bench-options';
import type { BenchOptions } from './bench-options';
import { measureAppDown } from './measure-app-down';
import { measureEndToEnd } from './measure-e2e';
import { measureGeneration } from './measure-generation';
import { measureIndex } from './measure-index';
import { measureMemory } from './measure-memory';
import { measureTuning } from './measure-tuning';
import { measureWrites } from './measure-writes';
import { printReport } from './report';
import type { Figure } from './report';

async function main(argv: readonly string[]): Promise<void> {
  const options = parseBenchOptions(argv);
  const progress = (line: string): void => void process.stderr.write(`${line}\n`);
  const figures: Figure[] = [];

  if (options.stages.has('gen')) {
    progress(`generation: ${options.genCalls.toLocaleString('en-US')} calls x ${options.reps}, no database`);
    const settings = benchSettings({ mongoUrl: 'mongodb://unused', dbName: 'unused', ...sizes(options) });
    const gen = measureGeneration(settings, options.genCalls, options.reps);
    figures.push(
      { name: 'gen_calls_per_s', value: gen.callsPerCpuSecond, goal: '>= 200000' },
      { name: 'gen_calls_per_wall_s', value: gen.callsPerWallSecond },
    );
  }

  const needsServer = (['write', 'rss', 'e2e', 'index', 'tune', 'app'] as const).some((s) =>
    options.stages.has(s),
  );
  if (needsServer) {
    const server = await openBenchServer(process.env['MONGO_URL']);
    const stopOnSignal = (): void => void server.stop().finally(() => process.exit(130));
    process.once('SIGINT', stopOnSignal);
    try {
      progress(`server: ${server.description}, ${await serverVersion(server.client)}`);
      await runServerStages(server.client, server.url, options, figures, progress);
    } finally {
      process.off('SIGINT', stopOnSignal);
      await server.stop();
    }
  }
  printReport(figures, {
    batchSize: options.batchSize,
    concurrency: options.concurrency,
    cores: availableParallelism(),
  });
}

async function runServerStages(
  client: MongoClient,
  url: string,
  options: BenchOptions,
  figures: Figure[],
  progress: (line: string) => void,
): Promise<void> {
  const n = options.calls.toLocaleString('en-US');
  if (options.stages.has('write')) {
    progress(
      `writes: ${n} calls + ${n} logs, raw vs seed, verify vs scan, down vs targeted delete, ${options.reps} reps interleaved`,
    );
    const w = await measureWrites(client, url, options, progress);
    figures.push(
      { name: 'raw_insert_docs_per_s', value: w.rawInsertDocsPerS },
      { name: 'seed_docs_per_s', value: w.seedDocsPerS },
      { name: 'seed_vs_raw', value: w.seedVsRaw, goal: '>= 0.85' },
      { name: 'down_ms', value: w.downMs },
      { name: 'targeted_delete_ms', value: w.targetedDeleteMs },
      { name: 'down_vs_targeted', value: w.downVsTargeted, goal: '<= 1.1' },
      { name: 'verify_ms', value: w.verifyMs },
      { name: 'projected_scan_ms', value: w.scanMs },
      { name: 'verify_vs_scan', value: w.verifyVsScan, goal: '<= 1.5' },
      { name: `stats_ms_${options.calls}`, value: w.statsMs },
    );
  }
  if (options.stages.has('tune')) {
    progress(`tuning: seed of ${n} calls per batch size x concurrency, ${options.reps} rounds`);
    for (const t of await measureTuning(client, url, options, progress)) {
      figures.push({ name: `tune_${t.batchSize}x${t.concurrency}_docs_per_s`, value: t.docsPerS });
    }
  }
  if (options.stages.has('index')) {
    progress(`index: seed up and down with vs without an index on seed_batch, ${options.reps} reps`);
    const i = await measureIndex(client, url, options, progress);
    figures.push(
      { name: 'index_up_with_vs_without', value: i.upWithVsWithout },
      { name: 'index_down_with_vs_without', value: i.downWithVsWithout },
    );
  }
  if (options.stages.has('app')) {
    progress(
      `app: up and down of ${options.appCalls} calls beside ${options.appDocs.toLocaleString('en-US')} of the app's calls and logs, ${options.reps} reps`,
    );
    const a = await measureAppDown(client, url, options, progress);
    figures.push(
      { name: `app_up_ms_${options.appCalls}`, value: a.upMs },
      { name: `app_down_ms_${options.appCalls}`, value: a.downMs },
      { name: `app_cli_up_ms_${options.appCalls}`, value: a.cliUpMs },
      { name: `app_cli_down_ms_${options.appCalls}`, value: a.cliDownMs },
    );
  }
  if (options.stages.has('rss')) {
    progress(
      'memory: peak RSS of a full seed, one plain-node child per count and node option set, compiled library',
    );
    const m = await measureMemory(url, options, progress);
    for (const f of m) {
      // The headline figures are the --rss-node-options children's; compared sets get a suffix.
      const suffix = f.nodeOptions === options.rssNodeOptions ? '' : `_with${optionsLabel(f.nodeOptions)}`;
      figures.push(
        { name: `peak_rss_mb_${countLabel(f.calls)}${suffix}`, value: f.peakRssMb, goal: RSS_GOAL },
        { name: `seed_docs_per_s_${countLabel(f.calls)}${suffix}`, value: f.docsPerS },
        {
          name: `stats_ms_${countLabel(f.calls)}${suffix}`,
          value: f.statsMs,
          goal: f.calls >= 1_000_000 ? '<= 1000' : undefined,
        },
      );
    }
    const headline = m.filter((f) => f.nodeOptions === options.rssNodeOptions);
    const largest = headline.reduce((a, b) => (b.calls > a.calls ? b : a));
    const smallest = headline.reduce((a, b) => (b.calls < a.calls ? b : a));
    figures.push({ name: 'peak_rss_mb', value: largest.peakRssMb, goal: RSS_GOAL });
    if (largest !== smallest) {
      figures.push({ name: 'peak_rss_growth_mb', value: largest.peakRssMb - smallest.peakRssMb });
    }
  }
  if (options.stages.has('e2e')) {
    progress(
      `end to end: migrate-mongo up vs a bare driver script (the floor), ${options.e2eCalls} calls, ` +
        `${options.e2eRuns} pairs interleaved, fresh databases`,
    );
    const e = await measureEndToEnd(client, url, options, progress);
    figures.push(
      {
        name: `e2e_${options.e2eCalls}_ms`,
        value: e.e2eMs,
        goal: options.e2eCalls === 500 ? '<= 2000' : undefined,
      },
      { name: `e2e_floor_${options.e2eCalls}_ms`, value: e.floorMs },
      { name: 'e2e_vs_floor', value: e.e2eVsFloor, goal: '<= 2.0' },
    );
  }
}

/** The goal for every peak RSS figure, at any count. */
const RSS_GOAL = '<= 120';

/** ["--max-semi-space-size=2", "--heap-growing-percent=30"] -> "_max_semi_space_size_2_heap_growing_percent_30". */
function optionsLabel(nodeOptions: readonly string[]): string {
  if (nodeOptions.length === 0) return '_no_options';
  return nodeOptions
    .map(
      (o) =>
        `_${o
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '_')
          .replace(/^_+|_+$/g, '')}`,
    )
    .join('');
}

function sizes(options: BenchOptions): { calls: number; batchSize: number; concurrency: number } {
  return { calls: options.genCalls, batchSize: options.batchSize, concurrency: options.concurrency };
}

/** 100000 -> "100k", 1000000 -> "1m", 12345 -> "12345". */
function countLabel(n: number): string {
  if (n % 1_000_000 === 0) return `${n / 1_000_000}m`;
  if (n % 1000 === 0) return `${n / 1000}k`;
  return String(n);
}

async function serverVersion(client: MongoClient): Promise<string> {
  const info = await client.db('admin').command({ buildInfo: 1 });
  const ferret: unknown = info['ferretdbVersion'];
  return typeof ferret === 'string' ? `FerretDB ${ferret}` : `MongoDB ${String(info['version'])}`;
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode;
    return;
  }
  console.error('bench failed:', err);
  process.exitCode = 1;
});
