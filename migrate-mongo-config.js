// migrate-mongo loads its config with require() from migrate-mongo-config.js. The real, typed
// config is migrate-mongo-config.ts; ts-node (transpile-only) loads it and the seed files in
// seeds/, which import the compiled library by package name, so only those few lines are
// transpiled at start-up.
const { join } = require('node:path');
require('./scripts/ensure-built.cjs').ensureBuilt(__dirname);
require('ts-node').register({ transpileOnly: true, project: join(__dirname, 'tsconfig.json') });
module.exports = require('./migrate-mongo-config.ts');
