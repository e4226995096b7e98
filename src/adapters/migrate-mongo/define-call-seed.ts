import { basename } from 'node:path';
import type { Db, MongoClient } from 'mongodb';
import { settingsFrom } from '../../config/load-settings';
import type { Settings } from '../../config/settings-table';
import { consoleLogger } from '../../logger';
import type { Logger } from '../../logger';
import { markerOf, unappliedMarkers } from '../../operations/interrupted-batches';
import { guardOf } from '../../operations/settings-views';
import { seedDown } from '../../operations/seed-down';
import { seedUp } from '../../operations/seed-up';
import type { SeedChangelog, SeedResult } from '../../operations/seed-up';
import { DEFAULT_CHANGELOG } from '../../write/collections';
import { asOneLine } from './one-line-errors';
import { fileHashOf, readHostConfig, siblingMigrationFiles } from './host-config';

/** What a seed file may fix for its batch; the database is the one migrate-mongo connected to. */
export type CallSeedOptions = Partial<Omit<Settings, 'mongoUrl' | 'dbName' | 'nodeEnv'>>;

/** The object migrate-mongo expects from a migration file. */
export interface MigrateMongoSeed {
  up(db: Db, client?: MongoClient): Promise<void>;
  down(db: Db, client?: MongoClient): Promise<void>;
}

/**
 * Turns a seed file into a migrate-mongo migration, in this repository or in any repository
 * that installed the package. The batch marker is the file's name without extension; the
 * changelog entry is the name with it, in whatever changelog collection the host's config
 * names. Options in the file win over environment variables, which win over defaults.
 *
 * This is an edge: it reads the environment (settings, NODE_ENV, SEED_VERBOSE), prints, and
 * keeps expected failures to the one line migrate-mongo prints.
 */
export function defineCallSeed(seedFile: string, options: CallSeedOptions = {}): MigrateMongoSeed {
  const fileName = basename(seedFile);
  const batch = markerOf(fileName);
  const settingsFor = (): Settings =>
    settingsFrom({ env: process.env, top: { kind: 'seed file', label: fileName, values: options } });

  /** The host's changelog and the markers of seed files it does not list (interrupted runs). */
  const hostState = async (db: Db): Promise<{ changelog: SeedChangelog; interrupted: string[] }> => {
    const host = await readHostConfig();
    const collection = host?.changelogCollectionName ?? DEFAULT_CHANGELOG;
    const changelog = {
      collection,
      fileName,
      fileHash: host?.useFileHash ? fileHashOf(seedFile) : undefined,
    };
    const siblings = siblingMigrationFiles(seedFile).filter((f) => f !== fileName);
    return { changelog, interrupted: await unappliedMarkers(db, collection, siblings) };
  };

  return {
    async up(db, client) {
      const logger = consoleLogger();
      try {
        const settings = settingsFor();
        const { changelog, interrupted } = await hostState(db);
        const result = await seedUp({
          db,
          batch,
          settings,
          logger,
          changelog,
          interruptedBatches: interrupted,
        });
        printSummary(result, where(db, client), logger);
      } catch (err) {
        throw asOneLine(err, process.env);
      }
    },
    async down(db) {
      const logger = consoleLogger();
      try {
        const settings = settingsFor();
        const { changelog, interrupted } = await hostState(db);
        const guard = guardOf(settings);
        const removed = await seedDown({
          db,
          batch,
          guard,
          logger,
          changelog,
          interruptedBatches: interrupted,
        });
        logger.info(
          removed.calls + removed.logs === 0
            ? `batch ${batch}: nothing left to remove (already cleaned up)`
            : `removed batch ${batch}: ${removed.calls} calls, ${removed.logs} activity logs`,
        );
      } catch (err) {
        throw asOneLine(err, process.env, { wrapped: true });
      }
    },
  };
}

/** The database and the hosts migrate-mongo connected to (no credentials: they are not in the host list). */
function where(db: Db, client: MongoClient | undefined): string {
  const hosts = client?.options.hosts.map((h) => h.toString()).join(',');
  return hosts ? `${db.databaseName} at ${hosts}` : db.databaseName;
}

export function printSummary(result: SeedResult, target: string, logger: Logger): void {
  const print = logger.info;
  const count = result.calls.last - result.calls.first + 1;
  const seconds = result.elapsedMs / 1000;
  print(`Seeded batch ${result.batch} into ${target}`);
  print(`  calls          ${count}  ids ${result.calls.first}..${result.calls.last}`);
  print(`  activity_logs  ${count}  ids ${result.logs.first}..${result.logs.last}`);
  print(`  marker         seed_batch = "${result.batch}"`);
  print(`  reproduce with SEED_RANDOM_SEED=${result.seed} SEED_REF_DATE=${result.refDate.toISOString()}`);
  print(`  took ${seconds.toFixed(2)} s (${Math.round(count / Math.max(seconds, 0.001))} calls/s)`);
  if (result.sample) {
    print('Sample call:');
    print(JSON.stringify(result.sample, null, 2));
  }
}
