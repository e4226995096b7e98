import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ferretdbBinary, freePort, waitUntilReady } from '../../../scripts/ferretdb-server';

export interface AuthServer {
  readonly host: string;
  stop(): Promise<void>;
}

/**
 * FerretDB 1.x with authentication on (its experimental --test-enable-new-auth, SCRAM), one
 * user created at start-up. The shared test server runs without authentication.
 */
export async function startAuthServer(user: string, password: string): Promise<AuthServer> {
  const dir = mkdtempSync(join(tmpdir(), 'crm-seed-auth-'));
  mkdirSync(join(dir, 'data'));
  mkdirSync(join(dir, 'state'));
  const port = await freePort();
  const log = openSync(join(dir, 'ferretdb.log'), 'a');
  const child = spawn(
    ferretdbBinary(),
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dir}/data/`,
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
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
