import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  backendArgs,
  ferretdbBinary,
  freePort,
  removeFerretdbData,
  waitUntilReady,
} from '../../../scripts/ferretdb-server';

export interface AuthServer {
  readonly host: string;
  stop(): Promise<void>;
}

/**
 * FerretDB 1.x with authentication on (its experimental --test-enable-new-auth, SCRAM), one
 * user created at start-up, on the backend FERRETDB_HANDLER chooses. The shared test server
 * runs without authentication.
 */
export async function startAuthServer(user: string, password: string): Promise<AuthServer> {
  const dir = mkdtempSync(join(tmpdir(), 'crm-seed-auth-'));
  mkdirSync(join(dir, 'state'));
  const port = await freePort();
  const log = openSync(join(dir, 'ferretdb.log'), 'a');
  const child = spawn(
    ferretdbBinary(),
    [
      ...backendArgs(dir),
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${dir}/state`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=error',
      '--test-enable-new-auth',
      `--setup-username=${user}`,
      `--setup-password=${password}`,
      '--setup-database=admin',
    ],
    { stdio: ['ignore', log, log] },
  );
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const host = `127.0.0.1:${port}`;
  await waitUntilReady(
    `mongodb://${user}:${password}@${host}/?authSource=admin`,
    exited,
    join(dir, 'ferretdb.log'),
  );
  return {
    host,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      removeFerretdbData(dir);
    },
  };
}
