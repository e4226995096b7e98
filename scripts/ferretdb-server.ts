import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';

/**
 * Finds or builds FerretDB (a MongoDB-wire-compatible server) and runs it on a free port with
 * its own data: SQLite files in its directory by default, or, with FERRETDB_HANDLER=postgresql,
 * a PostgreSQL database of its own on the server FERRETDB_POSTGRESQL_URL names. Used by the
 * tests, the demo and the benchmark when MONGO_URL is not set; with MONGO_URL everything talks
 * to that server instead.
 */

const PROJECT_ROOT = join(__dirname, '..');
const LOCAL_BINARY = join(PROJECT_ROOT, '.tools', 'bin', 'ferretdb');

export interface FerretdbServer {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Where FerretDB keeps the documents. */
export type Backend =
  { readonly handler: 'sqlite' } | { readonly handler: 'postgresql'; readonly url: string };

export interface StartOptions {
  /**
   * Data lives here (SQLite files under data/, FerretDB state under state/; with PostgreSQL the
   * name of this directory's database in postgresql-database).
   */
  readonly dir: string;
  readonly port?: number;
  /** Keep running after this process exits (the demo's persistent server). */
  readonly detached?: boolean;
  /** Default: backendFromEnv(). */
  readonly backend?: Backend;
}

/**
 * FERRETDB_HANDLER (the variable FerretDB itself reads): `sqlite` (default) or `postgresql`,
 * which needs FERRETDB_POSTGRESQL_URL, a PostgreSQL URL whose user may create databases
 * (e.g. postgres://postgres@127.0.0.1:5432/postgres). Each server gets a database of its own
 * there, as each SQLite server gets a directory of its own, so runs never see each other's data.
 */
export function backendFromEnv(env: NodeJS.ProcessEnv = process.env): Backend {
  const handler = env['FERRETDB_HANDLER'] ?? 'sqlite';
  if (handler === 'sqlite' || handler === '') return { handler: 'sqlite' };
  if (handler !== 'postgresql') {
    throw new Error(`FERRETDB_HANDLER must be sqlite or postgresql, got ${JSON.stringify(handler)}`);
  }
  const url = env['FERRETDB_POSTGRESQL_URL'];
  if (!url) {
    throw new Error(
      'FERRETDB_HANDLER=postgresql needs FERRETDB_POSTGRESQL_URL (postgres://user@host:port/db)',
    );
  }
  return { handler: 'postgresql', url };
}

/** `SQLite` or `PostgreSQL`, for reports. */
export function backendName(backend: Backend = backendFromEnv()): string {
  return backend.handler === 'sqlite' ? 'SQLite' : 'PostgreSQL';
}

/** FerretDB's handler flags for a server whose data lives in dir. */
export function backendArgs(dir: string, backend: Backend = backendFromEnv()): string[] {
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  if (backend.handler === 'sqlite') return ['--handler=sqlite', `--sqlite-url=file:${dataDir}/`];
  return ['--handler=postgresql', `--postgresql-url=${postgresqlDatabase(dir, backend.url)}`];
}

/**
 * Stops nothing; deletes a stopped server's data: its directory and, with PostgreSQL, the
 * database recorded in it.
 */
export function removeFerretdbData(dir: string, backend: Backend = backendFromEnv()): void {
  const recorded = join(dir, 'postgresql-database');
  if (backend.handler === 'postgresql' && existsSync(recorded)) {
    const name = readFileSync(recorded, 'utf8').trim();
    psql(backend.url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
  rmSync(dir, { recursive: true, force: true });
}

/** The URL of dir's own database on the server `url` names, created on first use. */
function postgresqlDatabase(dir: string, url: string): string {
  const recorded = join(dir, 'postgresql-database');
  let name = existsSync(recorded) ? readFileSync(recorded, 'utf8').trim() : '';
  if (!name) {
    name = `ferretdb_${randomBytes(6).toString('hex')}`;
    psql(url, `CREATE DATABASE "${name}"`);
    writeFileSync(recorded, `${name}\n`);
  }
  const own = new URL(url);
  own.pathname = `/${name}`;
  return own.toString();
}

/** Runs one statement with psql (the PostgreSQL client, needed for this backend only). */
function psql(url: string, statement: string): void {
  const run = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', statement], { encoding: 'utf8' });
  if (run.error)
    throw new Error(`could not run psql (needed for FERRETDB_HANDLER=postgresql): ${run.error.message}`);
  if (run.status !== 0) throw new Error(`psql failed on ${statement}: ${run.stderr.trim()}`);
}

/** The binary: .tools/bin/ferretdb, else `ferretdb` on PATH, else built by scripts/build-ferretdb.sh. */
export function ferretdbBinary(): string {
  if (existsSync(LOCAL_BINARY)) return LOCAL_BINARY;
  const onPath = spawnSync('sh', ['-c', 'command -v ferretdb'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return onPath;
  // --quiet: the build says it is building and what failed, without ending in a `version:` line.
  const build = spawnSync('bash', [join(PROJECT_ROOT, 'scripts', 'build-ferretdb.sh'), '--quiet'], {
    stdio: 'inherit',
  });
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
  const stateDir = join(options.dir, 'state');
  mkdirSync(stateDir, { recursive: true });
  const handlerArgs = backendArgs(options.dir, options.backend);
  const log = openSync(join(options.dir, 'ferretdb.log'), 'a');
  const child = spawn(
    binary,
    [
      ...handlerArgs,
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
