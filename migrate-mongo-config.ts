// migrate-mongo's configuration; connection and seed settings come from the environment
// (see the README's configuration table), validated and the server pinged before any command runs.
import { migrateMongoConfig } from './src/config/migrate-mongo-config';

export = migrateMongoConfig(process.argv);
