#!/usr/bin/env node
// `crm-seed <command>`: the operator CLI, compiled JavaScript from dist/. The one place that
// owns the process: it sizes V8's heap, hands the CLI the environment and the streams, and exits.

// Heap sizing, before anything is loaded or allocated. Started without options, node lets the
// young generation grow to two 16 MB semi-spaces and the old one to several times the live
// heap between full collections: `generate` or `import` of 1,000,000 calls peaked at 200-215 MB.
// Capping both keeps it at 100-110 MB, flat in the count (`npm run bench -- --only rss-cli`,
// docs/performance.md#memory). Set here, in the same process, rather than by starting node again
// with --max-semi-space-size: that one is read only when the heap is set up, and a second
// process would add its own ~40 MB and stand between the CLI and its signals, exit code and
// terminal. --semi-space-growth-factor=1 keeps the young generation at its initial size instead
// (1 MB semi-spaces), which V8 reads at each growth; --heap-growing-percent is read at each full
// collection. A flag the user gave node (command line or NODE_OPTIONS) is left as given.
const v8 = require('node:v8');
const given = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
const HEAP_FLAGS = [
  ['--semi-space-growth-factor=1', /--(max-|min-)?semi[-_]space/],
  ['--heap-growing-percent=30', /--heap[-_]growing[-_]percent/],
];
for (const [flag, own] of HEAP_FLAGS) if (!own.test(given)) v8.setFlagsFromString(flag);

const { existsSync } = require('node:fs');
const { join, relative } = require('node:path');
const { inspect } = require('node:util');

// In this package's own repository (scripts/ is not published), dist/ is built on first use and
// after src/ changed, so `npm ci && npx crm-seed` works in a fresh clone; the published package
// ships it built. There, a server that does not answer gets where the local dev server is, or
// how to start it (npm run db:start).
const root = join(__dirname, '..');
const devState = join(root, 'scripts', 'local-db-state.cjs');
const inClone = existsSync(devState);
if (inClone) require('../scripts/ensure-built.cjs').ensureBuilt(root);
const inRepo = inClone && !relative(root, process.cwd()).startsWith('..');
const { runCli } = require('../dist/adapters/cli/run-cli.js');
const { redactSecrets } = require('../dist/redact.js');

runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
  // SIGINT/SIGTERM during a write: the first stops it cleanly (exit 130/143), a second exits at once.
  signals: process,
  unreachableHint: inRepo ? require(devState).unreachableHint(root, process.env) : undefined,
  // In a host repository, its migrate-mongo-config.js gives the URL, database and changelog.
  hostConfig: !inRepo,
}).then(exitWith, (err) => {
  console.error(redactSecrets(`crm-seed: unexpected error: ${inspect(err)}`));
  exitWith(1);
});

/** Lets pending output drain (pipes are asynchronous on some platforms), then exits regardless. */
function exitWith(code) {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 2000).unref();
}
