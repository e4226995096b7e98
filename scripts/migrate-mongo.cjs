#!/usr/bin/env node
// `npm run migrate -- <command>`: the real migrate-mongo CLI, with ts-node (transpile-only:
// type-checking is `npm run typecheck`'s job) so it loads the TypeScript config and seed files,
// and `-f migrate-mongo-config.ts` added after the command, where migrate-mongo expects it.
require('ts-node').register({ transpileOnly: true });
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const args = process.argv.slice(2);
const command = args[0];
const takesConfig = command && !command.startsWith('-') && command !== 'init';
if (takesConfig && !args.includes('-f') && !args.includes('--file')) {
  args.splice(1, 0, '-f', 'migrate-mongo-config.ts');
}
process.argv = [process.argv[0], 'migrate-mongo', ...args];
const bin = path.join(path.dirname(require.resolve('migrate-mongo')), '..', 'bin', 'migrate-mongo.js');
import(pathToFileURL(bin).href);
