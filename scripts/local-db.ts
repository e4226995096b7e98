// `npm run db:start | db:stop | db:status`: the persistent local FerretDB the demo uses,
// data under .local-db/ (git-ignored), so seeded data survives between commands. With
// FERRETDB_HANDLER=postgresql (scripts/ferretdb-server.ts) the data is a PostgreSQL database
// named in .local-db/postgresql-database.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, startFerretdb, waitUntilReady } from './ferretdb-server';

const DIR = join(__dirname, '..', '.local-db');
const STATE_FILE = join(DIR, 'server.json');
const PREFERRED_PORT = 27027;

interface ServerState {
  pid: number;
  port: number;
}

function readState(): ServerState | undefined {
  if (!existsSync(STATE_FILE)) return undefined;
  const state = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as ServerState;
  try {
    process.kill(state.pid, 0);
    return state;
  } catch {
    rmSync(STATE_FILE);
    return undefined;
  }
}

/** Starts the local server unless it already runs; returns its URL. */
export async function startLocalDb(): Promise<string> {
  const running = readState();
  if (running) {
    const url = `mongodb://127.0.0.1:${running.port}`;
    await waitUntilReady(url);
    return url;
  }
  const port = await isFree(PREFERRED_PORT).then((free) => (free ? PREFERRED_PORT : freePort()));
  const server = await startFerretdb({ dir: DIR, port, detached: true });
  writeFileSync(STATE_FILE, JSON.stringify({ pid: server.pid, port: server.port }));
  return server.url;
}

export function stopLocalDb(): boolean {
  const running = readState();
  if (!running) return false;
  process.kill(running.pid, 'SIGTERM');
  rmSync(STATE_FILE);
  return true;
}

async function isFree(port: number): Promise<boolean> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function main(command: string | undefined): Promise<void> {
  switch (command) {
    case 'start':
      console.log(`FerretDB running at ${await startLocalDb()} (data in .local-db/)`);
      return;
    case 'stop':
      console.log(stopLocalDb() ? 'FerretDB stopped (data kept in .local-db/)' : 'FerretDB was not running');
      return;
    case 'status': {
      const state = readState();
      console.log(state ? `running at mongodb://127.0.0.1:${state.port} (pid ${state.pid})` : 'not running');
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
