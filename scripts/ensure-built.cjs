// This repository's seed files and its `npx crm-seed` use the compiled dist/. The package
// builds it only when packed (prepack: consumers install it built and run no install script),
// so a fresh clone builds it on first use (migrate-mongo's config, bin/crm-seed.js), and again
// after src/ changed.
const { readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

/** Newest modification time under `dir` (ms), 0 when it does not exist. */
function newest(dir) {
  let latest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function ensureBuilt(root) {
  let built = 0;
  try {
    built = statSync(join(root, 'dist', 'index.js')).mtimeMs;
  } catch {
    // not built yet
  }
  if (built > 0 && built >= newest(join(root, 'src'))) return;
  process.stderr.write(`building dist/ (npm run build): ${built > 0 ? 'src/ changed' : 'first use'}\n`);
  // Loaded only to build: child_process costs ~2 ms of every start-up otherwise.
  require('node:child_process').execFileSync('npm', ['run', '--silent', 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

module.exports = { ensureBuilt };
