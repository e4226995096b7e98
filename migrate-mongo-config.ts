// migrate-mongo's configuration for this repository: the seed files in seeds/ (TypeScript),
// the connection and seed settings from the environment (see the README's configuration
// table), validated and the server pinged before any command runs.
import { migrateMongoConfig } from 'crm-calls-seed';

export = migrateMongoConfig({ argv: process.argv, env: process.env, migrationFileExtension: '.ts' });
