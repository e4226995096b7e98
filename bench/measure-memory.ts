import { join } from 'node:path';
import { BENCH_REF_DATE, BENCH_SEED, freshDbName } from './bench-db';
import type { BenchOptions } from './bench-options';
import { expectSuccess, ROOT, runChild } from './child-process';
import { median } from './stats';

export interface MemoryFigure {
  readonly calls: number;
  /** The node options the child was started with (empty: none). */
  readonly nodeOptions: readonly string[];
  /** Highest high-water mark over the repetitions. */
  readonly peakRssMb: number;
  readonly startRssMb: number;
  /** Median over the repetitions. */
  readonly docsPerS: number;
  /** `crm-seed stats` (the batch registry) on the seeded database, median. */
  readonly statsMs: number;
}

const CHILD = join(ROOT, 'bench', 'rss-child.cjs');

/**
 * Peak resident memory of a full seed of each count, each in a fresh plain-node process that
 * runs the compiled library (dist/) the way an application that installed the package does:
 * no ts-node, no TypeScript compiler, nothing of the benchmark in the process. Each node
 * option set (--rss-node-options, then every --rss-compare set) is measured for every count,
 * the sets rotated within each count and repetition so that none always runs first.
 */
export async function measureMemory(
  url: string,
  options: BenchOptions,
  progress: (line: string) => void,
): Promise<MemoryFigure[]> {
  const sets = [options.rssNodeOptions, ...options.rssCompare];
  const samples = options.rssCalls.map(() => sets.map(() => [] as ChildFigures[]));
  for (let rep = 0; rep < options.rssReps; rep++) {
    for (const [c, calls] of options.rssCalls.entries()) {
      for (let k = 0; k < sets.length; k++) {
        const s = (k + rep + c) % sets.length;
        const nodeOptions = sets[s]!;
        const result = await seedInChild(url, calls, nodeOptions, options);
        samples[c]![s]!.push(result);
        progress(
          `  rep ${rep + 1}/${options.rssReps}: ${calls.toLocaleString('en-US')} calls, node ${describeNodeOptions(nodeOptions)}: ` +
            `peak ${result.peakRssMb.toFixed(1)} MB (start ${result.startRssMb.toFixed(1)} MB), ` +
            `${Math.round(result.docsPerS)} docs/s, stats ${Math.round(result.statsMs)} ms`,
        );
      }
    }
  }
  return options.rssCalls.flatMap((calls, c) =>
    sets.map((nodeOptions, s) => {
      const runs = samples[c]![s]!;
      return {
        calls,
        nodeOptions,
        peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
        startRssMb: median(runs.map((r) => r.startRssMb)),
        docsPerS: median(runs.map((r) => r.docsPerS)),
        statsMs: median(runs.map((r) => r.statsMs)),
      };
    }),
  );
}

export function describeNodeOptions(nodeOptions: readonly string[]): string {
  return nodeOptions.length ? nodeOptions.join(' ') : '(no options)';
}

interface ChildFigures {
  readonly statsMs: number;
  readonly peakRssMb: number;
  readonly startRssMb: number;
  readonly docsPerS: number;
}

async function seedInChild(
  url: string,
  calls: number,
  nodeOptions: readonly string[],
  options: BenchOptions,
): Promise<ChildFigures> {
  const args = [
    url,
    freshDbName('rss'),
    calls,
    options.batchSize,
    options.concurrency,
    BENCH_SEED,
    BENCH_REF_DATE,
  ];
  // NODE_OPTIONS from the caller's shell would apply to every set alike and blur the comparison.
  const env = { ...process.env, NODE_OPTIONS: '' };
  const { stdout } = expectSuccess(
    'memory child',
    await runChild(process.execPath, [...nodeOptions, CHILD, ...args.map(String)], env),
  );
  const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as {
    calls: number;
    ms: number;
    startRssMb: number;
    peakRssMb: number;
    statsMs: number;
  };
  if (result.calls !== calls) throw new Error(`memory child seeded ${result.calls} calls, not ${calls}`);
  return {
    peakRssMb: result.peakRssMb,
    statsMs: result.statsMs,
    startRssMb: result.startRssMb,
    docsPerS: (2 * calls * 1000) / result.ms,
  };
}
