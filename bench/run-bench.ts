// `npm run bench [-- --calls 20000 ...]`: throughput, memory and latency of the seed against
// the local FerretDB it starts (or MONGO_URL's server). Figures go to stdout as `name value`
// lines plus a table; progress goes to stderr. See docs/performance.md.
import { availableParallelism, loadavg } from 'node:os';
import { CommanderError } from 'commander';
import type { MongoClient } from 'mongodb';
import { benchSettings, openBenchServer } from './bench-db';
import { parseBenchOptions } from './bench-options';
import type { BenchOptions } from './bench-options';
import { measureApp } from './measure-app';
import { measureCliMemory } from './measure-cli-memory';
import { measureEndToEnd, warmTsCache } from './measure-e2e';
import { measureGeneration, WORKLOADS } from './measure-generation';
import type { GenerationFigures } from './measure-generation';
import { measureIndex } from './measure-index';
import { measureMemory } from './measure-memory';
import { measureScaffold } from './measure-scaffold';
import { measureTuning } from './measure-tuning';
import { measureWrites } from './measure-writes';
import { printReport } from './report';
import type { DetailTable, Figure } from './report';
import type { PhaseRow } from './probe';

async function main(argv: readonly string[]): Promise<void> {
  const options = parseBenchOptions(argv);
  const progress = (line: string): void => void process.stderr.write(`${line}\n`);
  const figures: Figure[] = [];
  const details: DetailTable[] = [];

  if (options.stages.has('gen')) {
    const n = options.genCalls.toLocaleString('en-US');
    progress(
      `generation: ${n} calls, tasks and projects of a custom dataset x ${options.reps}, ${options.genRounds} ` +
        `child processes${options.compareWith ? ` per tree, alternating with ${options.compareWith}` : ''}, no database`,
    );
    const settings = benchSettings({ mongoUrl: 'mongodb://unused', dbName: 'unused', ...sizes(options) });
    const gen = await measureGeneration(
      settings,
      {
        calls: options.genCalls,
        reps: options.reps,
        rounds: options.genRounds,
        compareWith: options.compareWith,
      },
      progress,
    );
    figures.push(...generationFigures(gen));
    if (gen.comparison) details.push(comparisonTable(gen));
  }

  const needsServer = (['write', 'rss', 'e2e', 'index', 'tune', 'app', 'rss-cli', 'scaffold'] as const).some(
    (s) => options.stages.has(s),
  );
  if (needsServer) {
    const server = await openBenchServer(process.env['MONGO_URL']);
    const stopOnSignal = (): void => void server.stop().finally(() => process.exit(130));
    process.once('SIGINT', stopOnSignal);
    try {
      progress(`server: ${server.description}, ${await serverVersion(server.client)}`);
      if ((['e2e', 'app', 'rss-cli'] as const).some((s) => options.stages.has(s))) await warmTsCache();
      await runServerStages(server.client, server.url, options, { figures, details }, progress);
    } finally {
      process.off('SIGINT', stopOnSignal);
      await server.stop();
    }
  }
  printReport(
    figures,
    {
      batchSize: options.batchSize,
      concurrency: options.concurrency,
      cores: availableParallelism(),
      loadAverage: loadavg(),
    },
    details,
  );
}

/**
 * Calls (each with its log), tasks, and a custom dataset's documents (projects and their notes)
 * made per CPU-second; with --compare-with, the other tree's and this tree's ratio to it.
 */
function generationFigures(gen: GenerationFigures): Figure[] {
  const figures: Figure[] = [
    { name: 'gen_calls_per_s', value: gen.here.calls.perCpuSecond, goal: '>= 200000' },
    { name: 'gen_calls_per_wall_s', value: gen.here.calls.perWallSecond },
    { name: 'gen_tasks_docs_per_s', value: gen.here.tasks.perCpuSecond },
    { name: 'gen_custom_docs_per_s', value: gen.here.custom.perCpuSecond },
  ];
  const c = gen.comparison;
  if (!c) return figures;
  for (const w of WORKLOADS) {
    const other = c.other[w];
    const ratio = c.ratios[w];
    if (!other || !ratio) continue;
    const name = w === 'calls' ? 'gen_calls' : `gen_${w}_docs`;
    figures.push(
      { name: `${name}_per_s_compared`, value: other.perCpuSecond },
      { name: `${name}_vs_compared`, value: ratio.median, goal: '>= 0.9' },
    );
  }
  return figures;
}

/** Generation side by side: both trees' medians and the per-round ratios' median and range. */
function comparisonTable(gen: GenerationFigures): DetailTable {
  const c = gen.comparison!;
  const k = (v: number): string => `${Math.round(v / 1000).toLocaleString('en-US')}k`;
  return {
    title: `generation per CPU-second, this tree vs ${c.label}: medians of ${gen.rounds} alternating rounds`,
    head: ['workload', 'this tree', 'compared', 'ratio (range)'],
    rows: WORKLOADS.map((w) => {
      const other = c.other[w];
      const ratio = c.ratios[w];
      return [
        w,
        k(gen.here[w].perCpuSecond),
        other ? k(other.perCpuSecond) : 'not in that tree',
        ratio ? `${ratio.median.toFixed(2)} (${ratio.min.toFixed(2)} – ${ratio.max.toFixed(2)})` : '',
      ];
    }),
  };
}

async function runServerStages(
  client: MongoClient,
  url: string,
  options: BenchOptions,
  { figures, details }: { figures: Figure[]; details: DetailTable[] },
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
      `app: up and down of ${options.appCalls} calls beside ${options.appDocs.toLocaleString('en-US')} of the app's calls and logs, ` +
        `${options.reps} reps (migrate-mongo and the floor interleaved)`,
    );
    const a = await measureApp(client, url, options, progress);
    figures.push(
      { name: `app_up_ms_${options.appCalls}`, value: a.upMs },
      { name: `app_down_ms_${options.appCalls}`, value: a.downMs },
      { name: `app_cli_up_ms_${options.appCalls}`, value: a.cliUpMs },
      { name: `app_floor_up_ms_${options.appCalls}`, value: a.floorUpMs },
      { name: 'up_app_vs_floor', value: a.upAppVsFloor, goal: '<= 1.1' },
      { name: `app_cli_down_ms_${options.appCalls}`, value: a.cliDownMs },
      { name: `app_targeted_down_ms_${options.appCalls}`, value: a.targetedDownMs },
      { name: 'down_app_vs_targeted', value: a.downAppVsTargeted, goal: '<= 1.1' },
    );
    const beside = `${options.appCalls} calls beside ${options.appDocs.toLocaleString('en-US')} of the app's calls and logs`;
    details.push(
      phaseTable(
        `migrate-mongo up of ${beside}: where the time goes (medians of ${options.reps})`,
        a.upPhases,
      ),
      phaseTable(`the floor (bench/floor-app.cjs up), same runs`, a.floorPhases),
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
      { name: `e2e_plain_${options.e2eCalls}_ms`, value: e.plainMs },
      { name: 'e2e_vs_plain', value: e.e2eVsPlain, goal: '<= 1.2' },
      // The plain migration again, making the documents with the library's generator: splits
      // e2e_vs_plain into what generation costs and what the guarantees cost on top.
      { name: `e2e_generating_${options.e2eCalls}_ms`, value: e.generatingMs },
      { name: 'generating_vs_plain', value: e.generatingVsPlain },
      { name: 'e2e_vs_generating', value: e.e2eVsGenerating },
    );
    details.push(
      phaseTable(
        `migrate-mongo up of ${options.e2eCalls} calls into an empty database: where the time goes (medians of ${options.e2eRuns})`,
        e.e2ePhases,
      ),
      phaseTable('migrate-mongo up of the plain migration, same runs', e.plainPhases),
    );
  }
  if (options.stages.has('scaffold')) {
    progress(
      `scaffold: ${options.scaffoldDocs.map((n) => n.toLocaleString('en-US')).join(' and ')} contacts (+300 accounts) scaffolded, ` +
        `then ${options.genCalls.toLocaleString('en-US')} documents of the scaffolded dataset vs as many calls, ${options.genRounds} rounds`,
    );
    const settings = benchSettings({ mongoUrl: url, dbName: 'unused', ...sizes(options) });
    const s = await measureScaffold(
      client,
      settings,
      {
        docs: options.scaffoldDocs,
        genDocs: options.genCalls,
        reps: options.reps,
        rounds: options.genRounds,
      },
      progress,
    );
    for (const { docs, ms } of s.scaffoldMs)
      figures.push({ name: `scaffold_ms_${countLabel(docs)}`, value: ms });
    figures.push(
      { name: 'gen_scaffolded_docs_per_s', value: s.scaffoldedPerCpuSecond },
      { name: 'gen_scaffold_stage_calls_per_s', value: s.callsPerCpuSecond },
      { name: 'gen_scaffolded_vs_calls', value: s.ratio, goal: '>= 0.8' },
    );
  }
  if (options.stages.has('rss-cli')) {
    progress(
      'memory of the entry points: crm-seed generate and import, plain migrate-mongo up; plain node, no options',
    );
    const m = await measureCliMemory(client, url, options, progress);
    for (const f of m) {
      // The 120 MB goal is the CLI's, which sizes its own heap; plain migrate-mongo's is to stay flat.
      figures.push({
        name: `peak_rss_mb_${f.tool}_${countLabel(f.calls)}`,
        value: f.peakRssMb,
        goal: f.tool === 'migrate' ? undefined : RSS_GOAL,
      });
    }
    const migrate = m.filter((f) => f.tool === 'migrate');
    const largest = migrate.reduce((a, b) => (b.calls > a.calls ? b : a), migrate[0]!);
    const smallest = migrate.reduce((a, b) => (b.calls < a.calls ? b : a), migrate[0]!);
    if (migrate.length > 1 && largest !== smallest) {
      figures.push({
        name: `rss_migrate_${countLabel(largest.calls)}_vs_${countLabel(smallest.calls)}`,
        value: largest.peakRssMb / smallest.peakRssMb,
        goal: '<= 1.1',
      });
    }
  }
}

function phaseTable(title: string, rows: readonly PhaseRow[]): DetailTable {
  return {
    title,
    head: ['stretch / server commands in it', 'round trips', 'ms'],
    rows: rows.map((r) => [
      r.detail === undefined ? r.stretch : `    ${r.detail}`,
      r.commands === undefined ? '' : String(Math.round(r.commands)),
      String(Math.round(r.ms)),
    ]),
  };
}

/** The issue's goal for every peak RSS figure, at any count. */
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
