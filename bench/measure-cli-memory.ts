import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MongoClient } from 'mongodb';
import { BENCH_REF_DATE, BENCH_SEED, freshDbName } from './bench-db';
import type { BenchOptions } from './bench-options';
import { expectSuccess, ROOT, runChild } from './child-process';
import { MIGRATE_MONGO, seedEnv } from './measure-e2e';
import { heapFloors, newProbe, PROBE } from './probe';
import type { ProbeRecord } from './probe';

export interface CliMemoryFigure {
  /** `generate` and `import` of bin/crm-seed.js; `migrate` is `migrate-mongo up` of the seed file. */
  readonly tool: 'generate' | 'import' | 'migrate';
  readonly calls: number;
  /** The process's own high-water mark (ru_maxrss), start-up included; highest over the reps. */
  readonly peakRssMb: number;
  /** Heap in use, lowest in the first and in the last fifth of the progress events (see heapFloors). */
  readonly heapFirstMb?: number | undefined;
  readonly heapLastMb?: number | undefined;
  readonly ms: number;
}

const BIN = join(ROOT, 'bin', 'crm-seed.js');

/**
 * Peak resident memory of the entry points users run, each as its own process started the way
 * a user starts it (plain `node <bin>`, no node options; NODE_OPTIONS cleared): `crm-seed
 * generate` of each count to JSONL files (calls and logs), `crm-seed import` of the calls file
 * it wrote into a fresh database, and `migrate-mongo up` of the repository's seed file with
 * SEED_CALLS at each count. bench/probe.cjs, preloaded, reads the process's ru_maxrss at exit.
 */
export async function measureCliMemory(
  client: MongoClient,
  url: string,
  options: BenchOptions,
  progress: (line: string) => void,
): Promise<CliMemoryFigure[]> {
  const samples = new Map<string, CliMemoryFigure[]>();
  const keep = (f: CliMemoryFigure): void => {
    const key = `${f.tool} ${f.calls}`;
    samples.set(key, [...(samples.get(key) ?? []), f]);
    const heap =
      f.heapFirstMb === undefined
        ? ''
        : `, heap in use ${f.heapFirstMb.toFixed(0)} MB early, ${f.heapLastMb!.toFixed(0)} MB late (lowest of each fifth)`;
    progress(
      `  ${f.tool} ${f.calls.toLocaleString('en-US')} calls: peak ${f.peakRssMb.toFixed(1)} MB${heap}, ${(f.ms / 1000).toFixed(1)} s`,
    );
  };
  const env = { ...process.env, NODE_OPTIONS: '' };
  for (let rep = 0; rep < options.rssReps; rep++) {
    for (const calls of options.rssCliCalls) {
      const dir = mkdtempSync(join(tmpdir(), 'crm-seed-rss-cli-'));
      try {
        const callsFile = join(dir, 'calls.jsonl');
        const common = ['--quiet', '--ref-date', BENCH_REF_DATE];
        const generate = [
          'generate',
          '--calls',
          String(calls),
          '--seed',
          String(BENCH_SEED),
          '--out',
          callsFile,
          '--logs-out',
          join(dir, 'logs.jsonl'),
        ];
        keep(await probed('generate', calls, [BIN, ...generate, ...common], env));
        const dbName = freshDbName('rss_cli');
        try {
          const args = [BIN, 'import', callsFile, '--mongo-url', url, '--db', dbName, ...common];
          keep(await probed('import', calls, args, env));
        } finally {
          await client.db(dbName).dropDatabase();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    for (const calls of options.rssMigrateCalls) {
      const dbName = freshDbName('rss_migrate');
      try {
        keep(await probed('migrate', calls, [MIGRATE_MONGO, 'up'], seedEnv(url, dbName, calls)));
      } finally {
        await client.db(dbName).dropDatabase();
      }
    }
  }
  return [...samples.values()].map((runs) => ({
    ...runs[0]!,
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
  }));
}

async function probed(
  tool: CliMemoryFigure['tool'],
  calls: number,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<CliMemoryFigure> {
  const probe = newProbe();
  try {
    const result = expectSuccess(
      `${tool} of ${calls} calls`,
      await runChild(process.execPath, ['-r', PROBE, ...args], { ...env, ...probe.env }),
    );
    const record: ProbeRecord = probe.read();
    const floors = heapFloors(record);
    return {
      tool,
      calls,
      peakRssMb: record.maxRssMb,
      heapFirstMb: floors?.first,
      heapLastMb: floors?.last,
      ms: result.ms,
    };
  } finally {
    probe.dispose();
  }
}
