// This repository's `.ts` config and seed files are compiled by ts-node (transpile-only, the
// choice it keeps), once per content: the JavaScript is kept under node_modules/.cache/, keyed
// by the file's content and the compiler's versions and tsconfig, so a start-up with nothing
// changed loads no TypeScript at all (the compiler is ~60 % of ts-node's start-up cost, see
// docs/performance.md). A new or changed file goes through ts-node as before.
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

function registerTsCache(root) {
  const project = join(root, 'tsconfig.json');
  const cacheDir = join(root, 'node_modules', '.cache', 'crm-seed-ts');
  const version = (name) =>
    JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  const salt = sha256(`${version('ts-node')}\0${version('typescript')}\0${readFileSync(project, 'utf8')}`);
  let service; // ts-node's compiler, created on the first file not in the cache
  require.extensions['.ts'] = (module, filename) => {
    const source = readFileSync(filename, 'utf8');
    const cached = join(cacheDir, `${sha256(`${salt}\0${source}`)}.js`);
    let code;
    try {
      code = readFileSync(cached, 'utf8');
    } catch {
      service ??= require('ts-node').create({ transpileOnly: true, project });
      code = service.compile(source, filename);
      mkdirSync(cacheDir, { recursive: true });
      const partial = `${cached}.${process.pid}.tmp`;
      writeFileSync(partial, code);
      renameSync(partial, cached); // complete or absent, also with two processes at once
    }
    module._compile(code, filename);
  };
}

module.exports = { registerTsCache };
