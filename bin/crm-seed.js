#!/usr/bin/env node
// `crm-seed <command>` (`npx crm-seed` in this repository): the operator CLI. Like
// scripts/migrate-mongo.cjs it runs the TypeScript sources through ts-node, transpile-only
// (type-checking is `npm run typecheck`'s job), with this repository's tsconfig wherever it
// is started from. The only place that exits the process.
const path = require('node:path');

const root = path.join(__dirname, '..');
const argv = process.argv.slice(2);
// Typed errors drop their stack at construction unless SEED_VERBOSE=1 (src/errors.ts).
if (argv.includes('--verbose')) process.env.SEED_VERBOSE = '1';

require('ts-node').register({ transpileOnly: true, project: path.join(root, 'tsconfig.json') });
const { runCli } = require(path.join(root, 'src', 'cli', 'run-cli.ts'));

runCli(argv, {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
}).then(exitWith, (err) => {
  console.error('crm-seed: unexpected error:', err);
  exitWith(1);
});

/** Lets pending output drain (pipes are asynchronous on some platforms), then exits regardless. */
function exitWith(code) {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 2000).unref();
}
