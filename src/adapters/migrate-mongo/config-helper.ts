import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { settingsFrom } from '../../config/load-settings';
import type { Environment } from '../../config/load-settings';
import { consoleLogger } from '../../logger';
import { recoverInterruptedBatches } from '../../operations/remove/batch-recovery';
import { changelogOwner, unappliedSeeds } from '../../operations/seed/seed-file-state';
import {
  appliedFiles,
  missingSeedFileError,
  missingSeedFiles,
  seedFolderOf,
} from '../../operations/seed/seed-file-state';
import { guardOf } from '../../config/run-plan';
import { DEFAULT_CHANGELOG } from '../../write/registry/collections';
import { clientOptions, closeClient, connectionError, openDatabase } from '../../write/connection/connect';
import { SeedError } from '../../errors';
import { withUnreachableHint } from '../unreachable-hint';
import { asOneLine, oneLineStacks } from './one-line-errors';
import { warnIfSystemDatabase } from './system-database';

export interface ConfigHelperOptions {
  /** process.argv of the migrate-mongo process: the command and its --migrations-dir. */
  readonly argv: readonly string[];
  /** Where MONGO_URL, MONGO_DB and the seed settings come from (usually process.env). */
  readonly env: Environment;
  readonly migrationsDir?: string;
  readonly migrationFileExtension?: string;
  readonly changelogCollectionName?: string;
  /** Working directory the migrations folder is relative to. */
  readonly cwd?: string;
  /**
   * Added to the "cannot reach MongoDB" error: how the host starts its own dev server (this
   * package's repository passes where its local server is, or `npm run db:start`).
   */
  readonly unreachableHint?: string;
}

/** Commands that work without a server. */
const OFFLINE_COMMANDS = new Set(['create', 'init']);

/**
 * A migrate-mongo config for a folder of seed files, connection from MONGO_URL/MONGO_DB. It
 * validates the whole environment (a bad value stops every command before it connects),
 * then pings the server and reads the changelog, so an unreachable server or bad
 * credentials are one clear line after a few seconds, not a driver stack trace. Before
 * `down` it removes what interrupted `up` runs left, also when no seed file is applied (then
 * migrate-mongo would not load any seed file at all). migrate-mongo awaits the exported
 * value: it is a thenable that starts this work only then, so merely loading the config
 * (crm-seed reading the host's config) connects to nothing and changes no process setting.
 * As the process's migrate-mongo entry point it also keeps every failure to migrate-mongo's
 * one `ERROR:` line (stacks with SEED_VERBOSE=1).
 */
export function migrateMongoConfig(options: ConfigHelperOptions): PromiseLike<Record<string, unknown>> {
  let started: Promise<Record<string, unknown>> | undefined;
  return {
    then(onFulfilled, onRejected) {
      return (started ??= configFor(options)).then(onFulfilled, onRejected);
    },
  };
}

async function configFor(options: ConfigHelperOptions): Promise<Record<string, unknown>> {
  const migrationsDir = options.migrationsDir ?? 'seeds';
  const extension = options.migrationFileExtension ?? '.js';
  const changelog = options.changelogCollectionName ?? DEFAULT_CHANGELOG;
  oneLineStacks(options.env);
  try {
    const settings = settingsFrom({ env: options.env });
    const command = options.argv[2] ?? '';
    if (!OFFLINE_COMMANDS.has(command)) {
      const { client, db } = await openDatabase(settings.mongoUrl, settings.dbName);
      try {
        // ping needs no credentials; reading the changelog does, as every command will.
        const applied = await appliedFiles(db, changelog).catch((err: unknown) => {
          throw err instanceof SeedError ? err : connectionError(err, settings.mongoUrl);
        });
        const folder = seedFolder(options, migrationsDir);
        const files = seedFiles(options, folder, extension);
        if (command === 'up' || command === 'down' || command === 'status') {
          // migrate-mongo never loads a file it cannot find: a renamed applied seed is caught here.
          const repository = {
            owner: changelogOwner(changelog),
            folder: seedFolderOf(folder, options.cwd ?? process.cwd()),
          };
          const missing = await missingSeedFiles(db, applied, files, repository);
          if (missing.length > 0) {
            const err = missingSeedFileError(missing, folder);
            if (command !== 'status') throw err;
            consoleLogger().warn(err.message.replace(/; nothing was done$/, ''));
          }
        }
        if (command === 'down') {
          const logger = consoleLogger();
          warnIfSystemDatabase(settings.dbName, logger);
          const seeds = unappliedSeeds(applied, files);
          const cleaned = await recoverInterruptedBatches({
            db,
            seeds,
            changelog,
            guard: guardOf(settings),
            logger,
          });
          // migrate-mongo's `down` says nothing when nothing is applied; say it.
          if (applied.length === 0 && cleaned.length === 0) {
            logger.info(`nothing to undo: no seed is applied in ${settings.dbName} (${changelog} is empty)`);
          }
        }
      } finally {
        await closeClient(client);
      }
    }
    return {
      // migrate-mongo's own client gets the tool's bounds: fail fast, and every request answered
      // within OPERATION_TIMEOUT_MS (socketTimeoutMS) unless MONGO_URL sets its own.
      mongodb: {
        url: settings.mongoUrl,
        databaseName: settings.dbName,
        options: clientOptions(settings.mongoUrl),
      },
      migrationsDir,
      changelogCollectionName: changelog,
      // migrate-mongo's lock needs a TTL index (FerretDB has none) and is not atomic;
      // the seed takes its own atomic lock instead (src/write/seed-lock.ts).
      lockCollectionName: 'changelog_lock',
      lockTtl: 0,
      migrationFileExtension: extension,
      useFileHash: false,
      moduleSystem: 'commonjs',
    };
  } catch (err) {
    throw asOneLine(withUnreachableHint(err, options.unreachableHint), options.env);
  }
}

/** The folder migrate-mongo will read (its --migrations-dir option included). */
function seedFolder(options: ConfigHelperOptions, migrationsDir: string): string {
  const flag = options.argv.indexOf('--migrations-dir');
  return (flag >= 0 ? options.argv[flag + 1] : undefined) ?? migrationsDir;
}

/** The seed files migrate-mongo will see. */
function seedFiles(options: ConfigHelperOptions, folder: string, extension: string): string[] {
  try {
    return readdirSync(join(options.cwd ?? process.cwd(), folder)).filter(
      (f) => f.endsWith(extension) && !f.startsWith('sample-migration.'),
    );
  } catch {
    return []; // migrate-mongo reports a missing directory itself
  }
}
