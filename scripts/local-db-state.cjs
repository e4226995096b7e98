// The local dev server's state (.local-db/server.json, written by scripts/local-db.ts). Plain
// CommonJS, so that bin/crm-seed.js can read it without ts-node, as migrate-mongo-config.ts does:
// both add to "cannot reach MongoDB" where this repository's server is, or how to start it.
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

/** The address the README gives; the server moves to another free port when it is taken. */
const DOCUMENTED_PORT = 27027;

/** LOCAL_DB_DIR and LOCAL_DB_PORT exist for the tests: a server of their own, a port they hold. */
function localDbDir(root, env) {
  return env.LOCAL_DB_DIR ? resolve(root, env.LOCAL_DB_DIR) : join(root, '.local-db');
}

function preferredPort(env) {
  return env.LOCAL_DB_PORT ? Number(env.LOCAL_DB_PORT) : DOCUMENTED_PORT;
}

function urlOf(port) {
  return `mongodb://127.0.0.1:${port}`;
}

/** The state of the server started from `dir` when its process still runs, else undefined. */
function runningLocalDb(dir) {
  let state;
  try {
    state = JSON.parse(readFileSync(join(dir, 'server.json'), 'utf8'));
    process.kill(state.pid, 0);
  } catch {
    return undefined;
  }
  return state;
}

/** Why a running server is not at its preferred address ("port 27027 was taken"), or undefined. */
function movedReason(state) {
  const preferred = state.preferredPort ?? DOCUMENTED_PORT;
  return state.port === preferred ? undefined : (state.reason ?? `port ${preferred} was taken`);
}

/** What to add to "cannot reach MongoDB" in this repository. */
function unreachableHint(root, env) {
  const state = runningLocalDb(localDbDir(root, env));
  if (!state) {
    return 'in this repository, `npm run db:start` starts the local server and prints its address (`npm run db:status` shows it again)';
  }
  const moved = movedReason(state);
  return `this repository's local server runs at ${urlOf(state.port)}${moved ? ` (${moved} when it started)` : ''}: MONGO_URL=${urlOf(state.port)} (\`npm run db:status\` shows it)`;
}

module.exports = {
  DOCUMENTED_PORT,
  localDbDir,
  preferredPort,
  urlOf,
  runningLocalDb,
  movedReason,
  unreachableHint,
};
