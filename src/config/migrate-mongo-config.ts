import { CHANGELOG } from '../write/collections';
import { FAST_FAIL_OPTIONS, openDatabase } from '../write/connect';
import { loadSettings } from './load-settings';

/** Commands that work without a server. */
const OFFLINE_COMMANDS = new Set(['create', 'init']);

/**
 * The object migrate-mongo reads from migrate-mongo-config.ts. It validates the whole
 * environment (a bad value stops every command before it connects), then pings the server,
 * so an unreachable one is one clear line after a few seconds, not a driver stack trace.
 * migrate-mongo awaits the exported value, so a promise works.
 */
export async function migrateMongoConfig(argv: readonly string[]): Promise<Record<string, unknown>> {
  const settings = loadSettings();
  if (!OFFLINE_COMMANDS.has(argv[2] ?? '')) {
    const { client } = await openDatabase(settings.mongoUrl, settings.dbName);
    await client.close();
  }
  return {
    mongodb: { url: settings.mongoUrl, databaseName: settings.dbName, options: FAST_FAIL_OPTIONS },
    migrationsDir: 'seeds',
    changelogCollectionName: CHANGELOG,
    // migrate-mongo's lock needs a TTL index (FerretDB has none) and is not atomic;
    // the seed takes its own atomic lock instead (src/write/seed-lock.ts).
    lockCollectionName: 'changelog_lock',
    lockTtl: 0,
    migrationFileExtension: '.ts',
    useFileHash: false,
    moduleSystem: 'commonjs',
  };
}
