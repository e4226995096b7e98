import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';

/**
 * Finds or builds FerretDB (a MongoDB-wire-compatible server, SQLite backend) and runs it on
 * a free port with its own data directory. Used by the tests, the demo and the benchmark
 * when MONGO_URL is not set; with MONGO_URL everything talks to that server instead.
 */

const PROJECT_ROOT = join(__dirname, '..');
const LOCAL_BINARY = join(PROJECT_ROOT, '.tools', 'bin', 'ferretdb');

export interface FerretdbServer {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Data lives here (SQLite files under data/, FerretDB state under state/). */
  readonly dir: string;
  readonly port?: number;
  /** Keep running after this process exits (the demo's persistent server). */
  readonly detached?: boolean;
}

/** The binary: .tools/bin/ferretdb, else `ferretdb` on PATH, else built by scripts/build-ferretdb.sh. */
export function ferretdbBinary(): string {
  if (existsSync(LOCAL_BINARY)) return LOCAL_BINARY;
  const onPath = spawnSync('sh', ['-c', 'command -v ferretdb'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return onPath;
  const build = spawnSync('bash', [join(PROJECT_ROOT, 'scripts', 'build-ferretdb.sh')], { stdio: 'inherit' });
  if (build.status !== 0 || !existsSync(LOCAL_BINARY)) {
    throw new Error(
      'could not build FerretDB (scripts/build-ferretdb.sh); is Go installed? Or set MONGO_URL',
    );
  }
  return LOCAL_BINARY;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export async function startFerretdb(options: StartOptions): Promise<FerretdbServer> {
  const binary = ferretdbBinary();
  const port = options.port ?? (await freePort());
  const dataDir = join(options.dir, 'data');
  const stateDir = join(options.dir, 'state');
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(stateDir, { recursive: true });
  const log = openSync(join(options.dir, 'ferretdb.log'), 'a');
  const child = spawn(
    binary,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dataDir}/`,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${stateDir}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=error',
    ],
    { stdio: ['ignore', log, log], detached: options.detached ?? false },
  );
  closeSync(log);
  if (options.detached) child.unref();
  const url = `mongodb://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitUntilReady(url, exited, join(options.dir, 'ferretdb.log'));
  return {
    url,
    port,
    pid: child.pid ?? -1,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** Polls `ping` until the server answers (or fails after 20 s, or if it exits). */
export async function waitUntilReady(url: string, exited?: Promise<void>, logFile?: string): Promise<void> {
  let gone = false;
  void exited?.then(() => (gone = true));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (gone) throw new Error(`FerretDB exited during start-up; see ${logFile ?? 'its log'}`);
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
    try {
      await client.db('admin').command({ ping: 1 });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`FerretDB at ${url} did not answer ping within 20 s`);
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.close().catch(() => undefined);
    }
  }
}
