import { Command, InvalidArgumentError, Option } from 'commander';
import { SETTINGS } from '../src/internal';

export const STAGES = ['gen', 'write', 'rss', 'e2e', 'index', 'tune', 'app', 'rss-cli', 'scaffold'] as const;
export type Stage = (typeof STAGES)[number];

export interface BenchOptions {
  /** Calls per throughput and down measurement (each also writes as many activity logs). */
  readonly calls: number;
  /** Repetitions of each interleaved measurement; medians are reported. */
  readonly reps: number;
  readonly genCalls: number;
  /** Generation: child processes per tree, each one warm-up then `reps` timed runs. */
  readonly genRounds: number;
  /** Generation side by side with another checkout's compiled library (its dist/). */
  readonly compareWith?: string | undefined;
  /** One child process per count, each a full seed of that many calls. */
  readonly rssCalls: readonly number[];
  /** Node options for the memory children, e.g. "--max-semi-space-size=4"; the headline figures. */
  readonly rssNodeOptions: readonly string[];
  /** Further node option sets measured side by side with rssNodeOptions, interleaved. */
  readonly rssCompare: readonly (readonly string[])[];
  /** Repetitions of each memory child; the highest peak is reported. */
  readonly rssReps: number;
  /** rss-cli stage: `crm-seed generate` and `import` of each count. */
  readonly rssCliCalls: readonly number[];
  /** rss-cli stage: `migrate-mongo up` (plain, no node options) of each count. */
  readonly rssMigrateCalls: readonly number[];
  readonly e2eRuns: number;
  readonly e2eCalls: number;
  /** The app's own calls (and as many logs) beside which the app stage seeds and removes appCalls. */
  readonly appDocs: number;
  readonly appCalls: number;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly stages: ReadonlySet<Stage>;
  /** Scaffold stage: contacts planted (with 300 accounts) and scaffolded, all read, per size. */
  readonly scaffoldDocs: readonly number[];
  /** Batch size x concurrency pairs the tune stage compares. */
  readonly tuneGrid: readonly { batchSize: number; concurrency: number }[];
}

/**
 * Defaults finish in about five minutes on a 2-core machine against local FerretDB, most of
 * it the 1,000,000-call memory run. The throughput count stays under 30,000
 * so that the raw baseline's single deleteMany fits FerretDB/SQLite's per-statement limit.
 */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const program = new Command('npm run bench --')
    .description('Throughput, memory and latency of the seed against the local FerretDB (or MONGO_URL)')
    .option('--calls <n>', 'calls per throughput and down measurement', count(1), 20_000)
    .option('--reps <n>', 'repetitions of each interleaved measurement (medians reported)', count(1), 3)
    .option('--gen-calls <n>', 'calls per generation measurement (no database)', count(1), 200_000)
    .option('--gen-rounds <n>', 'generation: child processes per tree (medians reported)', count(1), 3)
    .option(
      '--compare-with <dir>',
      "generation side by side with another checkout's dist/ (e.g. a worktree of an older commit), rounds alternating",
    )
    .addOption(
      new Option('--rss-calls <list>', 'peak memory: one child process per count')
        .argParser(counts)
        .default([100_000, 1_000_000], '100000,1000000'),
    )
    .addOption(
      new Option(
        '--rss-node-options <options>',
        'node options for the memory children, space-separated (--rss-node-options=--max-semi-space-size=4)',
      )
        .argParser(nodeOptions)
        .default([] as string[], 'none'),
    )
    .addOption(
      new Option(
        '--rss-compare <sets>',
        'further node option sets for the memory children, measured side by side: comma-separated sets, ' +
          'options within a set space-separated, "none" for no options ' +
          '(--rss-compare="--max-semi-space-size=2,--max-semi-space-size=2 --heap-growing-percent=30")',
      )
        .argParser((raw: string) => raw.split(',').map(nodeOptions))
        .default([] as string[][], 'none'),
    )
    .option('--rss-reps <n>', 'repetitions of each memory child (highest peak reported)', count(1), 1)
    .addOption(
      new Option('--rss-cli-calls <list>', 'rss-cli stage: `crm-seed generate` and `import` of each count')
        .argParser(counts)
        .default([1_000_000], '1000000'),
    )
    .addOption(
      new Option('--rss-migrate-calls <list>', 'rss-cli stage: plain `migrate-mongo up` of each count')
        .argParser(counts)
        .default([100_000, 1_000_000], '100000,1000000'),
    )
    .option('--e2e-runs <n>', 'pairs of `migrate-mongo up` and floor runs (medians reported)', count(1), 5)
    .option(
      '--e2e-calls <n>',
      'calls per `migrate-mongo up` run (SEED_CALLS) and per floor run',
      count(1),
      500,
    )
    .option(
      '--app-docs <n>',
      "the app's own calls and logs per collection in the app stage",
      count(1),
      60_000,
    )
    .option('--app-calls <n>', 'calls the app stage seeds and removes beside them', count(1), 500)
    .addOption(
      new Option('--scaffold-docs <list>', 'scaffold stage: contacts scaffolded (every one read) per size')
        .argParser(counts)
        .default([10_000, 100_000], '10000,100000'),
    )
    .option('--batch-size <n>', 'chunk size of the seed pipeline', count(1), SETTINGS.batchSize.default)
    .option('--concurrency <n>', 'chunks in flight', count(1), SETTINGS.concurrency.default)
    .addOption(
      new Option(
        '--only <stages>',
        `comma-separated subset of ${STAGES.join(',')} (index: with vs without an index on seed_batch; tune: --tune-grid; ` +
          "app: up and down beside --app-docs of the app's documents; rss-cli: peak RSS of crm-seed generate/import and migrate-mongo up; " +
          'scaffold: scaffold time per --scaffold-docs and the generation rate of the dataset it wrote vs the calls)',
      )
        .argParser(stages)
        .default(new Set<Stage>(['gen', 'write', 'rss', 'e2e']), 'gen,write,rss,e2e'),
    )
    .addOption(
      new Option('--tune-grid <list>', 'batch size x concurrency pairs for the tune stage')
        .argParser(grid)
        .default(
          [
            { batchSize: 100, concurrency: 2 },
            { batchSize: 500, concurrency: 2 },
            { batchSize: 1000, concurrency: 1 },
            { batchSize: 1000, concurrency: 2 },
            { batchSize: 1000, concurrency: 4 },
            { batchSize: 5000, concurrency: 2 },
          ],
          '100x2,500x2,1000x1,1000x2,1000x4,5000x2',
        ),
    )
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  program.parse(argv, { from: 'user' });
  const o = program.opts<{
    calls: number;
    reps: number;
    genCalls: number;
    genRounds: number;
    compareWith?: string;
    rssCalls: number[];
    rssNodeOptions: string[];
    rssCompare: string[][];
    rssReps: number;
    rssCliCalls: number[];
    rssMigrateCalls: number[];
    e2eRuns: number;
    e2eCalls: number;
    appDocs: number;
    appCalls: number;
    scaffoldDocs: number[];
    batchSize: number;
    concurrency: number;
    only: Set<Stage>;
    tuneGrid: { batchSize: number; concurrency: number }[];
  }>();
  return { ...o, stages: o.only };
}

function count(min: number): (raw: string) => number {
  return (raw) => {
    const n = Number(raw.replace(/_/g, ''));
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer >= ${min}`);
    return n;
  };
}

/** "--a=1 --b" -> ["--a=1", "--b"]; "none" or "" -> []. */
function nodeOptions(raw: string): string[] {
  const options = raw.split(/\s+/).filter(Boolean);
  return options.length === 1 && options[0] === 'none' ? [] : options;
}

function counts(raw: string): number[] {
  return raw.split(',').map((part) => count(1)(part.trim()));
}

/** "500x2,1000x4" -> [{batchSize: 500, concurrency: 2}, ...]. */
function grid(raw: string): { batchSize: number; concurrency: number }[] {
  return raw.split(',').map((pair) => {
    const [size, conc] = pair.trim().split('x');
    if (size === undefined || conc === undefined)
      throw new InvalidArgumentError(`expected <batch>x<concurrency>, got "${pair}"`);
    return { batchSize: count(1)(size), concurrency: count(1)(conc) };
  });
}

function stages(raw: string): Set<Stage> {
  const picked = raw.split(',').map((s) => s.trim());
  for (const stage of picked) {
    if (!(STAGES as readonly string[]).includes(stage)) {
      throw new InvalidArgumentError(`unknown stage "${stage}"; stages: ${STAGES.join(', ')}`);
    }
  }
  return new Set(picked as Stage[]);
}
