import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { consoleLogger } from '../logger';
import { removeInterruptedBatches } from '../seed/interrupted-batches';
import { CHANGELOG } from '../write/collections';
import { connectionError, FAST_FAIL_OPTIONS, openDatabase } from '../write/connect';
import { loadSettings, loadTestHooks } from './load-settings';

const MIGRATIONS_DIR = 'seeds';
const SEED_FILE_EXTENSION = '.ts';

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
      if (command === 'down') {
        const logger = consoleLogger();
        const cleaned = await removeInterruptedBatches(db, seedFiles(argv), settings, logger);
        // migrate-mongo's `down` says nothing when nothing is applied; say it.
        if (applied === 0 && cleaned.length === 0) {
          logger.info(`nothing to undo: no seed is applied in ${settings.dbName} (changelog is empty)`);
        }
      }
    } finally {
      await client.close();
    }
  }
  return {
    mongodb: { url: settings.mongoUrl, databaseName: settings.dbName, options: FAST_FAIL_OPTIONS },
    migrationsDir: MIGRATIONS_DIR,
    changelogCollectionName: CHANGELOG,
    // migrate-mongo's lock needs a TTL index (FerretDB has none) and is not atomic;
    // the seed takes its own atomic lock instead (src/write/seed-lock.ts).
    lockCollectionName: 'changelog_lock',
    lockTtl: 0,
    migrationFileExtension: SEED_FILE_EXTENSION,
    useFileHash: false,
    moduleSystem: 'commonjs',
  };
}

/** The seed files migrate-mongo will see (its --migrations-dir option included). */
function seedFiles(argv: readonly string[]): string[] {
  const flag = argv.indexOf('--migrations-dir');
  const dir = (flag >= 0 ? argv[flag + 1] : undefined) ?? MIGRATIONS_DIR;
  try {
    return readdirSync(join(process.cwd(), dir)).filter((f) => f.endsWith(SEED_FILE_EXTENSION));
  } catch {
    return []; // migrate-mongo reports a missing directory itself
  }
}
