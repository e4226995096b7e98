#!/usr/bin/env node
// `crm-seed <command>`: the operator CLI, compiled JavaScript from dist/. The one place that
// owns the process: it hands the CLI the environment and the streams, and exits.
const { existsSync } = require('node:fs');
const { join, relative } = require('node:path');
const { inspect } = require('node:util');
const { runCli } = require('../dist/adapters/cli/run-cli.js');
const { redactSecrets } = require('../dist/redact.js');

// Run inside this package's own repository (scripts/ is not published), a server that does not
// answer gets where the local dev server is, or how to start it (npm run db:start).
const root = join(__dirname, '..');
const devState = join(root, 'scripts', 'local-db-state.cjs');
const inRepo = existsSync(devState) && !relative(root, process.cwd()).startsWith('..');

runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
  // SIGINT/SIGTERM during a write: the first stops it cleanly (exit 130/143), a second exits at once.
  signals: process,
  unreachableHint: inRepo ? require(devState).unreachableHint(root, process.env) : undefined,
}).then(exitWith, (err) => {
  console.error(redactSecrets(`crm-seed: unexpected error: ${inspect(err)}`));
  exitWith(1);
});

/** Lets pending output drain (pipes are asynchronous on some platforms), then exits regardless. */
function exitWith(code) {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 2000).unref();
}
