import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { freePort } from '../scripts/ferretdb-server';
import type { LocalDbState } from '../scripts/local-db-state.cjs';
import { BIN } from './cli/support/cli';
import { expectOk, ROOT, runMigrate, runProcess } from './support/run-process';

/**
 * `npm run db:start | db:status | db:stop` and `npm run demo` as a newcomer runs them, with a
 * data directory and a preferred port of the test's own (LOCAL_DB_DIR, LOCAL_DB_PORT; 27027 by
 * default): when that port is taken, every command that prints an address prints the real one
 * and why it moved, and "cannot reach MongoDB" says where the local server is.
 */
const localDb = (command: string) =>
  runProcess(process.execPath, ['-r', 'ts-node/register', join(ROOT, 'scripts', 'local-db.ts'), command], {
    env,
  });

let dir: string;
let preferred: number;
let blocker: Server;
let env: Record<string, string | undefined>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crm-seed-local-db-'));
  // Something else holds the preferred port, as another server would hold 27027.
  blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  preferred = (blocker.address() as { port: number }).port;
  // Not the test server: the commands start and use their own.
  env = { LOCAL_DB_DIR: dir, LOCAL_DB_PORT: String(preferred), MONGO_URL: undefined, MONGO_DB: undefined };
});

afterAll(async () => {
  await localDb('stop');
  if (blocker.listening) await new Promise((resolve) => blocker.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `crm-seed stats` and `migrate-mongo status` against a port nothing listens on. */
async function unreachable(): Promise<{ cli: string; migrate: string }> {
  const dead = `mongodb://127.0.0.1:${await freePort()}`;
  const [cli, migrate] = await Promise.all([
    runProcess(process.execPath, [BIN, 'stats'], { env: { ...env, MONGO_URL: dead } }),
    runMigrate(['status'], { env: { ...env, MONGO_URL: dead } }),
  ]);
  expect([cli.code, migrate.code]).toEqual([3, 1]);
  return { cli: cli.stderr, migrate: migrate.stderr };
}

test('the preferred port taken: the server moves, and db:start, db:status, the demo and errors say where and why', async () => {
  const usual = `mongodb://127.0.0.1:${preferred}`;
  const start = await localDb('start');
  expectOk(start);
  const state = JSON.parse(readFileSync(join(dir, 'server.json'), 'utf8')) as LocalDbState;
  const url = `mongodb://127.0.0.1:${state.port}`;
  expect(state.port).not.toBe(preferred);
  expect(state).toEqual({
    pid: state.pid,
    port: state.port,
    preferredPort: preferred,
    reason: `port ${preferred} was taken`,
  });
  expect(start.stdout).toBe(
    `FerretDB running at ${url}, not at the usual ${usual}: port ${preferred} was taken when it started (data in ${dir}/)\n` +
      `Use MONGO_URL=${url} (commands that name ${usual} will not reach it).\n`,
  );

  const status = await localDb('status');
  expectOk(status);
  expect(status.stdout).toContain(
    `running (pid ${state.pid}) at ${url}, not at the usual ${usual}: port ${preferred} was taken when it started`,
  );

  const demo = await runProcess(
    process.execPath,
    ['-r', 'ts-node/register', join(ROOT, 'scripts', 'demo.ts')],
    {
      env,
      timeoutMs: 120_000,
    },
  );
  expectOk(demo);
  expect(demo.stdout.split('\n')[0]).toBe(
    `Local FerretDB running at ${url}, not at the usual ${usual}: port ${preferred} was taken when it started (data in ${dir}/)`,
  );
  expect(demo.stdout).toContain('Sample call:'); // the demo shows one; up alone is quiet
  expect(demo.stdout).toContain(`MONGO_URL=${url} npx migrate-mongo status`);
  expect(demo.stdout).toContain(`MONGO_URL=${url} npx migrate-mongo down`);
  expect(demo.stdout).toContain(
    `(the server is not at the README's address: port ${preferred} was taken when it started)`,
  );
  // No stray line from the FerretDB build or binary.
  expect(`${demo.stdout}${demo.stderr}`).not.toMatch(/^version:/m);
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
  try {
    expect(await client.db('crm').collection('calls').countDocuments()).toBe(500);
  } finally {
    await client.close();
  }

  // Nothing at MONGO_URL: the error names the local server's real address and why it moved.
  const running = await unreachable();
  const where = `this repository's local server runs at ${url} (port ${preferred} was taken when it started): MONGO_URL=${url} (\`npm run db:status\` shows it)`;
  expect(running.cli).toMatch(new RegExp(`^crm-seed: cannot reach MongoDB at .*; ${escape(where)}\\n$`));
  expect(running.migrate).toContain(`; ${where}`);

  expectOk(await localDb('stop'));
  expect((await localDb('status')).stdout).toBe('not running (npm run db:start starts it)\n');
  const stopped = await unreachable();
  const startIt =
    'in this repository, `npm run db:start` starts the local server and prints its address (`npm run db:status` shows it again)';
  expect(stopped.cli).toContain(`; ${startIt}\n`);
  expect(stopped.migrate).toContain(`; ${startIt}`);
}, 180_000);

test('the preferred port free: the server is there, and nothing is said about moving', async () => {
  await new Promise((resolve) => blocker.close(resolve));
  const url = `mongodb://127.0.0.1:${preferred}`;
  const start = await localDb('start');
  expectOk(start);
  expect(start.stdout).toBe(`FerretDB running at ${url} (data in ${dir}/)\n`);
  const status = await localDb('status');
  expect(status.stdout).toMatch(new RegExp(`^running \\(pid \\d+\\) at ${escape(url)} \\(data in .*\\)\\n$`));
  expectOk(await localDb('stop'));
}, 60_000);

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
