// `npm run db:start | db:stop | db:status`: the persistent local FerretDB the demo uses,
// data under .local-db/ (git-ignored), so seeded data survives between commands. With
// FERRETDB_HANDLER=postgresql (scripts/ferretdb-server.ts) the data is a PostgreSQL database
// named in .local-db/postgresql-database. It listens on 27027 (the README's address), or, when
// that port is taken, on another free one: every command that prints an address then says so.
// For tests: LOCAL_DB_DIR instead of .local-db/, LOCAL_DB_PORT instead of 27027.
import { rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { isAbsolute, join, relative } from 'node:path';
import { freePort, startFerretdb, waitUntilReady } from './ferretdb-server';
import { localDbDir, movedReason, preferredPort, runningLocalDb, urlOf } from './local-db-state.cjs';
import type { LocalDbState } from './local-db-state.cjs';

const ROOT = join(__dirname, '..');
const DIR = localDbDir(ROOT, process.env);
const STATE_FILE = join(DIR, 'server.json');
/** The data directory as printed: relative inside the repository (.local-db/), else absolute. */
const fromRoot = relative(ROOT, DIR);
const SHOWN_DIR = `${fromRoot.startsWith('..') || isAbsolute(fromRoot) ? DIR : fromRoot}/`;

/** The running local server: its address, and why it is not the usual one (when it is not). */
export interface LocalDb {
  readonly url: string;
  readonly pid: number;
  readonly moved: string | undefined;
}

function localDbOf(state: LocalDbState): LocalDb {
  return { url: urlOf(state.port), pid: state.pid, moved: movedReason(state) };
}

function readState(): LocalDbState | undefined {
  const state = runningLocalDb(DIR);
  if (!state) rmSync(STATE_FILE, { force: true }); // its process is gone
  return state;
}

/** Starts the local server unless it already runs. */
export async function startLocalDb(): Promise<LocalDb> {
  const running = readState();
  if (running) {
    await waitUntilReady(urlOf(running.port));
    return localDbOf(running);
  }
  const preferred = preferredPort(process.env);
  const free = await isFree(preferred);
  const port = free ? preferred : await freePort();
  const server = await startFerretdb({ dir: DIR, port, detached: true });
  const state: LocalDbState = {
    pid: server.pid,
    port: server.port,
    preferredPort: preferred,
    ...(free ? {} : { reason: `port ${preferred} was taken` }),
  };
  writeFileSync(STATE_FILE, JSON.stringify(state));
  return localDbOf(state);
}

export function stopLocalDb(): boolean {
  const running = readState();
  if (!running) return false;
  process.kill(running.pid, 'SIGTERM');
  rmSync(STATE_FILE);
  return true;
}

/**
 * "FerretDB running at <url>", and when that is not the usual address, why, and the
 * MONGO_URL to use: commands copied from the README or an earlier run would miss it.
 */
export function describeLocalDb(db: LocalDb, how = 'FerretDB running at'): string[] {
  const data = `data in ${SHOWN_DIR}`;
  if (!db.moved) return [`${how} ${db.url} (${data})`];
  const usual = urlOf(preferredPort(process.env));
  return [
    `${how} ${db.url}, not at the usual ${usual}: ${db.moved} when it started (${data})`,
    `Use MONGO_URL=${db.url} (commands that name ${usual} will not reach it).`,
  ];
}

async function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function main(command: string | undefined): Promise<void> {
  switch (command) {
    case 'start':
      for (const line of describeLocalDb(await startLocalDb())) console.log(line);
      return;
    case 'stop':
      console.log(
        stopLocalDb() ? `FerretDB stopped (data kept in ${SHOWN_DIR})` : 'FerretDB was not running',
      );
      return;
    case 'status': {
      const state = readState();
      if (!state) {
        console.log('not running (npm run db:start starts it)');
        return;
      }
      const db = localDbOf(state);
      for (const line of describeLocalDb(db, `running (pid ${db.pid}) at`)) console.log(line);
      return;
    }
    default:
      console.error('usage: local-db.ts start|stop|status');
      process.exitCode = 2;
  }
}

if (require.main === module) {
  main(process.argv[2]).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  });
}
