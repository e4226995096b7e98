import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freshDbName } from './bench-db';
import type { BenchOptions } from './bench-options';

export const ROOT = join(__dirname, '..');

export interface MemoryFigure {
  readonly calls: number;
  readonly peakRssMb: number;
  readonly startRssMb: number;
  readonly docsPerS: number;
}

/**
 * Peak resident memory of a full seed of each count, each in a fresh process started the way
 * the tools start (node + ts-node, transpile-only), so nothing else in the benchmark counts.
 * --rss-node-options adds node options, to measure what the tools would gain from them.
 */
export async function measureMemory(
  url: string,
  options: BenchOptions,
  progress: (line: string) => void,
): Promise<MemoryFigure[]> {
  const figures: MemoryFigure[] = [];
  for (const calls of options.rssCalls) {
    progress(`  seeding ${calls.toLocaleString('en-US')} calls in a child process`);
    const args = [url, freshDbName('rss'), calls, options.batchSize, options.concurrency].map(String);
    const out = await runNode([
      ...options.rssNodeOptions,
      '-r',
      'ts-node/register',
      join(ROOT, 'bench', 'rss-child.ts'),
      ...args,
    ]);
    const result = JSON.parse(out.trim().split('\n').at(-1) ?? '') as {
      calls: number;
      ms: number;
      startRssMb: number;
      peakRssMb: number;
    };
    figures.push({
      calls,
      peakRssMb: result.peakRssMb,
      startRssMb: result.startRssMb,
      docsPerS: (2 * calls * 1000) / result.ms,
    });
  }
  return figures;
}

function runNode(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`bench child exited with ${String(code)}`)),
    );
  });
}
