import { consoleLogger } from '../logger';
import { CHANGELOG } from '../write/collections';
import { connectionError, FAST_FAIL_OPTIONS, openDatabase } from '../write/connect';
import { loadSettings, loadTestHooks } from './load-settings';

/** Commands that work without a server. */
const OFFLINE_COMMANDS = new Set(['create', 'init']);

/**
 * The object migrate-mongo reads from migrate-mongo-config.ts. It validates the whole
 * environment (a bad value stops every command before it connects), then pings the server
 * and reads the changelog, so an unreachable server or bad credentials are one clear line
 * after a few seconds, not a driver stack trace. migrate-mongo awaits the exported value, so
 * a promise works.
 */
export async function migrateMongoConfig(argv: readonly string[]): Promise<Record<string, unknown>> {
  const settings = loadSettings();
  loadTestHooks();
  const command = argv[2] ?? '';
  if (!OFFLINE_COMMANDS.has(command)) {
    const { client, db } = await openDatabase(settings.mongoUrl, settings.dbName);
    try {
      // ping needs no credentials; reading the changelog does, as every command will.
      const applied = await db
        .collection(CHANGELOG)
        .countDocuments()
        .catch((err: unknown) => {
          throw connectionError(err, settings.mongoUrl);
        });
      // migrate-mongo's `down` says nothing when nothing is applied; say it.
      if (command === 'down' && applied === 0) {
        consoleLogger().info(
          `nothing to undo: no seed is applied in ${settings.dbName} (changelog is empty)`,
        );
      }
    } finally {
      await client.close();
    }
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
