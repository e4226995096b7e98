// migrate-mongo loads its config with require() from migrate-mongo-config.js. The real, typed
// config is migrate-mongo-config.ts; ts-node (transpile-only) compiles it and the seed files in
// seeds/, which import the compiled library by package name, once per content (the output is
// cached, so an unchanged repository starts without loading TypeScript).
require('./scripts/ensure-built.cjs').ensureBuilt(__dirname);
require('./scripts/ts-cache.cjs').registerTsCache(__dirname);
module.exports = require('./migrate-mongo-config.ts');
