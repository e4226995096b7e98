import { spawn } from 'node:child_process';
import type { MongoClient } from 'mongodb';
import { freshDbName } from './bench-db';
import type { BenchOptions } from './bench-options';
import { ROOT } from './measure-memory';
import { median } from './stats';

/**
 * What a user waits for: `npm run migrate -- up` from process start to exit, each run
 * against a fresh database (dropped afterwards). npm, node, ts-node and migrate-mongo
 * start-up all count.
 */
export async function measureEndToEnd(
  client: MongoClient,
  url: string,
  options: BenchOptions,
  progress: (line: string) => void,
): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < options.e2eRuns; run++) {
    const dbName = freshDbName('e2e');
    try {
      const env = { ...process.env, MONGO_URL: url, MONGO_DB: dbName, SEED_CALLS: String(options.e2eCalls) };
      const started = performance.now();
      const { code, output } = await runNpm(['run', 'migrate', '--', 'up'], env);
      const ms = performance.now() - started;
      if (code !== 0) throw new Error(`npm run migrate -- up exited with ${String(code)}:\n${output}`);
      const calls = await client.db(dbName).collection('calls').countDocuments();
      if (calls !== options.e2eCalls)
        throw new Error(`migrate up wrote ${calls} calls, not ${options.e2eCalls}`);
      times.push(ms);
      progress(`  run ${run + 1}/${options.e2eRuns}: ${Math.round(ms)} ms`);
    } finally {
      await client.db(dbName).dropDatabase();
    }
  }
  return median(times);
}

function runNpm(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
