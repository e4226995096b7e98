// migrate-mongo's configuration for this repository: the seed files in seeds/ (TypeScript),
// the connection and seed settings from the environment (see the README's configuration
// table), validated and the server pinged before any command runs. A server that does not
// answer gets where the local dev server is, or how to start it (npm run db:start).
import { migrateMongoConfig } from 'crm-calls-seed';
import { unreachableHint } from './scripts/local-db-state.cjs';

export = migrateMongoConfig({
  argv: process.argv,
  env: process.env,
  migrationFileExtension: '.ts',
  unreachableHint: unreachableHint(__dirname, process.env),
});
