import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { callsGenerationPlan } from '../src/internal';
import type { CallsSettings } from '../src/internal';
import { BENCH_REF_DATE, BENCH_SEED } from './bench-db';
import { expectSuccess, ROOT, runChild } from './child-process';
import { inOrder, median } from './stats';

const CHILD = join(ROOT, 'bench', 'gen-child.cjs');

/** What the gen stage times: the built-in calls and tasks, and a user's dataset (bench/gen-child.cjs). */
export const WORKLOADS = ['calls', 'tasks', 'custom'] as const;
export type Workload = (typeof WORKLOADS)[number];

/** One workload's figures in one tree: medians over the rounds of each child's median. */
export interface WorkloadFigures {
  /** Documents of the root collection (calls, tasks) or of all (custom) per CPU-second: one core's worth. */
  readonly perCpuSecond: number;
  /** The same per wall-clock second: lower whenever other processes share the core. */
  readonly perWallSecond: number;
}

export interface Comparison {
  /** The other checkout, and its commit where git knows it. */
  readonly label: string;
  /** Its figures, where its library has the workload (an older one may lack the tasks). */
  readonly other: Partial<Record<Workload, WorkloadFigures>>;
  /** Per workload: the medians of this tree's / the other's per-round CPU rates, and their range. */
  readonly ratios: Partial<Record<Workload, { median: number; min: number; max: number }>>;
}

export interface GenerationFigures {
  readonly here: Record<Workload, WorkloadFigures>;
  readonly comparison?: Comparison | undefined;
  readonly rounds: number;
}

/** One round in one tree, per workload: the CPU and wall rates of each timed run, null where the tree lacks it. */
type ChildReport = Record<Workload, { cpu: number[]; wall: number[] } | null>;

/**
 * Generation alone, no database: per round, one child process (bench/gen-child.cjs) of this
 * tree's compiled library per workload: `calls` calls (with their logs), as many tasks, as many
 * projects of a small user dataset (two notes each); one warm-up run then `reps` timed runs.
 * With `compareWith`, each child runs on that checkout's dist too, the two in alternating order
 * (AB, BA, ...), so that both meet the same neighbours: the ratio is the median of the
 * per-round ratios, the way the side-by-side figures were taken.
 */
export async function measureGeneration(
  settings: CallsSettings,
  options: { calls: number; reps: number; rounds: number; compareWith?: string | undefined },
  progress: (line: string) => void,
): Promise<GenerationFigures> {
  const job = JSON.stringify({
    reps: options.reps,
    chunkSize: settings.batchSize,
    seed: BENCH_SEED,
    refDate: BENCH_REF_DATE,
    calls: options.calls,
    // The calls' plan as data, for a checkout from before the dataset contract (its generateChunks).
    callsPlan: { ...callsGenerationPlan(settings, 'bench-generation'), count: options.calls },
  });
  const other = options.compareWith === undefined ? undefined : resolve(options.compareWith);
  if (other !== undefined && !existsSync(join(other, 'dist', 'index.js'))) {
    throw new Error(
      `--compare-with ${other}: no dist/index.js there; build it first (npm run build in that tree)`,
    );
  }
  const run = async (root: string, w: Workload): Promise<ChildReport[Workload]> => {
    const what = `bench/gen-child.cjs ${w} in ${root}`;
    const result = expectSuccess(what, await runChild(process.execPath, [CHILD, root, w, job]));
    return JSON.parse(result.stdout) as ChildReport[Workload];
  };
  const here: ChildReport[] = [];
  const there: ChildReport[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const mine: Partial<ChildReport> = {};
    const theirs: Partial<ChildReport> = {};
    for (const w of WORKLOADS) {
      if (other === undefined) mine[w] = await run(ROOT, w);
      else
        [mine[w], theirs[w]] = await inOrder(
          round,
          () => run(ROOT, w),
          () => run(other, w),
        );
    }
    here.push(mine as ChildReport);
    if (other !== undefined) there.push(theirs as ChildReport);
    progress(`  round ${round + 1}/${options.rounds}: ${summary(here[round]!, there[round])}`);
  }
  const figuresOf = (reports: ChildReport[], w: Workload): WorkloadFigures | undefined => {
    const runs = reports.map((r) => r[w]);
    if (runs.some((r) => r === null)) return undefined;
    return {
      perCpuSecond: median(runs.map((r) => median(r!.cpu))),
      perWallSecond: median(runs.map((r) => median(r!.wall))),
    };
  };
  const mine = Object.fromEntries(WORKLOADS.map((w) => [w, figuresOf(here, w)])) as Record<
    Workload,
    WorkloadFigures
  >;
  if (other === undefined) return { here: mine, rounds: options.rounds };
  const comparison: Comparison = {
    label: `${other}${commitOf(other)}`,
    other: Object.fromEntries(
      WORKLOADS.flatMap((w) => {
        const f = figuresOf(there, w);
        return f ? [[w, f]] : [];
      }),
    ),
    ratios: Object.fromEntries(
      WORKLOADS.flatMap((w) => {
        if (there.some((r) => r[w] === null)) return [];
        const ratios = here.map((r, i) => median(r[w]!.cpu) / median(there[i]![w]!.cpu));
        return [[w, { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) }]];
      }),
    ),
  };
  return { here: mine, comparison, rounds: options.rounds };
}

/** One round at a glance, for the progress lines: the calls' CPU rates. */
function summary(mine: ChildReport, other: ChildReport | undefined): string {
  const rate = (r: ChildReport): string => `${Math.round(median(r.calls!.cpu) / 1000)}k calls/s`;
  return other === undefined ? rate(mine) : `${rate(mine)} here, ${rate(other)} there`;
}

/** " (abc1234)" when the directory is a git checkout, "" otherwise. */
function commitOf(dir: string): string {
  try {
    const sha = execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
    return ` (${sha.trim()})`;
  } catch {
    return '';
  }
}
