import { basename, dirname } from 'node:path';
import type { Db, MongoClient } from 'mongodb';
import { settingsFrom } from '../../config/load-settings';
import type { SettingSources } from '../../config/load-settings';
import { checkPlainObject } from '../../config/resolve-settings';
import type { Settings } from '../../config/settings-table';
import type { SeedOptions } from '../api/seed-calls';
import type { DatasetSpec } from '../../generate/dataset';
import { consoleLogger } from '../../logger';
import type { Logger } from '../../logger';
import { describeRemoved } from '../../operations/batch-removal';
import type { CompleteBatch, UnappliedSeed } from '../../operations/batch-recovery';
import { changelogOwner, markerOf, unappliedSeeds } from '../../operations/interrupted-batches';
import {
  appliedFiles,
  missingSeedFileError,
  missingSeedFiles,
  seedFolderOf,
} from '../../operations/seed-file-state';
import { seedDataset } from '../../operations/seed-dataset';
import type { DatasetResult, SeedChangelog } from '../../operations/seed-dataset';
import { seedDown } from '../../operations/seed-down';
import { guardOf, refDateOf, runOptionsOf, seedOf } from '../../config/run-plan';
import type { CollectionRole } from '../../write/collections';
import { fileHashOf, readHostConfig, siblingMigrationFiles } from './host-config';
import { exitIfInterrupted } from './interrupted-exit';
import { interruptible } from '../interrupts';
import { asOneLine } from './one-line-errors';
import { warnIfSystemDatabase } from './system-database';

/** Settings a seed file may fix for its batch; the database is the one migrate-mongo connected to. */
export type SeedFileSettings = Omit<SeedOptions, 'nodeEnv'>;

/** A seed of any collections: the dataset plus the settings of the README's table (seed, batch size, …). */
export type SeedDefinition = DatasetSpec & Omit<SeedFileSettings, 'links'>;

/** What a seed file's run learns from its host before it writes. */
interface HostState {
  readonly changelog: SeedChangelog;
  readonly owner: string;
  /** The seed file's folder and sha256, recorded in the registry (whose file it is, whether it changed). */
  readonly seedFolder: string;
  readonly seedFileHash: string;
  readonly interrupted: UnappliedSeed[];
  readonly complete: CompleteBatch;
  readonly hostRoles: readonly CollectionRole[];
}

/** The object migrate-mongo expects from a migration file. */
export interface MigrateMongoSeed {
  up(db: Db, client?: MongoClient): Promise<void>;
  down(db: Db, client?: MongoClient): Promise<void>;
}

/** How one kind of seed builds its dataset and reports a run; the rest is the same for all. */
export interface SeedKind<S extends Settings = Settings> {
  /** The engine's settings, with the dataset's own options when it has any. */
  readonly settings: (sources: SettingSources) => S;
  readonly dataset: (settings: S, batch: string) => DatasetSpec;
  readonly seed: (settings: S, batch: string) => number;
  readonly report: (result: DatasetResult, target: string, settings: S, logger: Logger) => void;
}

/**
 * A seed of any collections as a migrate-mongo migration, in this repository or any other:
 *
 *   module.exports = defineSeed(__filename, { collections: [{ name: 'tasks', count: 3000, make }, …] });
 *
 * The batch marker is the file's name without extension. `up` writes the collections in
 * order under every guarantee of the built-in seeds; `down` removes the batch from every
 * collection it wrote, and nothing else.
 */
export function defineSeed(seedFile: string, definition: SeedDefinition): MigrateMongoSeed & DatasetSpec {
  // The rest spread below copies own keys only: a prototype's settings would vanish unseen.
  checkPlainObject(definition, `${basename(seedFile)}: `);
  const { collections, links, ...options } = definition;
  // The dataset stays readable on the migration: `crm-seed verify --seed-file` checks its schemas.
  return Object.assign(
    seedMigration(seedFile, options, {
      settings: settingsFrom,
      dataset: () => ({ collections, links }),
      seed: (settings, batch) => seedOf(settings, batch),
      report: (result, target, _settings, logger) => printSummary(result, target, logger, 'document'),
    }),
    { collections, links },
  );
}

/**
 * The migrate-mongo adapter shared by every seed file. This is an edge: it reads the
 * environment (settings, NODE_ENV, SEED_VERBOSE), prints, and keeps expected failures to the
 * one line migrate-mongo prints.
 */
export function seedMigration<S extends Settings>(
  seedFile: string,
  options: Readonly<Record<string, unknown>>,
  kind: SeedKind<S>,
): MigrateMongoSeed {
  const fileName = basename(seedFile);
  const file: SeedFile<S> = { seedFile, fileName, batch: markerOf(fileName), options, kind };
  return {
    async up(db, client) {
      return migrateUp(file, db, client);
    },
    async down(db) {
      return migrateDown(file, db);
    },
  };
}

/** One seed file as its up and down see it: the file, its batch marker, its options and its kind. */
interface SeedFile<S extends Settings> {
  readonly seedFile: string;
  readonly fileName: string;
  readonly batch: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly kind: SeedKind<S>;
}

/** Resolved inside up and down, not when the file loads, so a bad setting fails as that run's one line. */
function settingsOf<S extends Settings>(file: SeedFile<S>): S {
  return file.kind.settings({
    env: process.env,
    top: { kind: 'seed file', label: file.fileName, values: file.options },
  });
}

/**
 * The host's changelog and the seed files it does not list (interrupted runs). Refuses
 * while an applied seed file is missing from the folder (renamed or deleted).
 */
async function hostState<S extends Settings>(db: Db, file: SeedFile<S>): Promise<HostState> {
  const { seedFile, fileName, options } = file;
  const host = await readHostConfig({
    argv: process.argv,
    cwd: process.cwd(),
    seedFile,
    changelog:
      (options['changelogCollection'] as string | undefined) ??
      (process.env['SEED_CHANGELOG_COLLECTION'] || undefined),
  });
  const collection = host.changelogCollectionName;
  const seedFileHash = fileHashOf(seedFile);
  const changelog = {
    collection,
    fileName,
    fileHash: host.useFileHash ? seedFileHash : undefined,
  };
  const owner = changelogOwner(collection);
  const seedFolder = seedFolderOf(dirname(seedFile));
  const files = siblingMigrationFiles(seedFile);
  const applied = await appliedFiles(db, collection);
  const missing = await missingSeedFiles(db, applied, files, { owner, folder: seedFolder });
  if (missing.length > 0) throw missingSeedFileError(missing, dirname(seedFile));
  const siblings = files.filter((f) => f !== fileName);
  return {
    changelog,
    owner,
    seedFolder,
    seedFileHash,
    interrupted: unappliedSeeds(applied, siblings),
    // migrate-mongo runs `up` of a listed file only when useFileHash found no entry of its
    // content: replaced if the file changed since its batch was applied (the hash the registry
    // recorded then), kept otherwise. A file it does not list is not applied, whatever the
    // registry says: its changelog entry commits a seed file's run.
    complete: applied.includes(fileName)
      ? { replace: 'its seed file changed since it was applied (useFileHash)', unlessHash: seedFileHash }
      : { unrecordedIn: collection },
    hostRoles: host.lockCollectionName ? [["migrate-mongo's lock", host.lockCollectionName] as const] : [],
  };
}

/** The migration's `up`: writes the batch and prints the kind's summary. */
async function migrateUp<S extends Settings>(
  file: SeedFile<S>,
  db: Db,
  client: MongoClient | undefined,
): Promise<void> {
  const { batch, kind, fileName } = file;
  const logger = consoleLogger();
  try {
    const settings = settingsOf(file);
    warnIfSystemDatabase(db.databaseName, logger);
    const { changelog, interrupted, owner, complete, hostRoles, seedFolder, seedFileHash } = await hostState(
      db,
      file,
    );
    const result = await interruptible(
      process,
      (signal) =>
        seedDataset({
          db,
          batch,
          dataset: kind.dataset(settings, batch),
          seed: kind.seed(settings, batch),
          refDate: refDateOf(settings),
          ...runOptionsOf(settings),
          logger,
          seedFile: fileName,
          seedFolder,
          seedFileHash,
          owner,
          complete,
          hostRoles,
          changelog,
          interruptedBatches: interrupted,
          signal,
        }),
      {
        second: (signal) =>
          `${signal} again during up of ${batch}: exited at once, without taking back what it wrote; it is not applied, and the next up or down of this seed removes it (taking the lock over from this process)`,
      },
    );
    if (result.unchanged !== undefined) logger.info(result.unchanged);
    else kind.report(result, where(db, client), settings, logger);
  } catch (err) {
    exitIfInterrupted(err, `up of ${batch}`);
    throw asOneLine(err, process.env);
  }
}

/** The migration's `down`: removes the batch from the dataset's collections, and nothing else. */
async function migrateDown<S extends Settings>(file: SeedFile<S>, db: Db): Promise<void> {
  const { batch, kind } = file;
  const logger = consoleLogger();
  try {
    const settings = settingsOf(file);
    warnIfSystemDatabase(db.databaseName, logger);
    const { changelog, interrupted, owner } = await hostState(db, file);
    const removed = await interruptible(
      process,
      (signal) =>
        seedDown({
          db,
          batch,
          owner,
          guard: guardOf(settings),
          logger,
          collections: kind.dataset(settings, batch).collections.map((c) => c.name),
          changelog,
          interruptedBatches: interrupted,
          signal,
        }),
      {
        second: (signal) =>
          `${signal} again during down of ${batch}: exited at once, part of the batch may be left; run down again to finish (it takes the lock over from this process)`,
      },
    );
    logger.info(
      removed.total === 0
        ? `batch ${batch}: nothing left to remove (already cleaned up)`
        : `removed batch ${batch}: ${describeRemoved(removed)}`,
    );
  } catch (err) {
    exitIfInterrupted(err, `down of ${batch}`);
    throw asOneLine(err, process.env, { wrapped: true });
  }
}

/** The database and the server migrate-mongo connected to, as a URL with the password masked. */
function where(db: Db, client: MongoClient | undefined): string {
  if (!client) return db.databaseName;
  const { hosts, credentials, srvHost } = client.options;
  const user = credentials?.username ? `${encodeURIComponent(credentials.username)}:***@` : '';
  const url = srvHost
    ? `mongodb+srv://${user}${srvHost}`
    : `mongodb://${user}${hosts.map((h) => h.toString()).join(',')}`;
  return `${db.databaseName} at ${url}`;
}

/** The summary of any dataset's run: counts and id ranges per collection, the marker, how to reproduce it. */
export function printSummary(
  result: DatasetResult,
  target: string,
  logger: Logger,
  sampleLabel: string,
  extraLines: readonly string[] = [],
): void {
  const print = logger.info;
  const seconds = result.elapsedMs / 1000;
  const documents = result.collections.reduce((sum, c) => sum + c.count, 0);
  print(`Seeded batch ${result.batch} into ${target}`);
  for (const c of result.collections) {
    const ids = c.first === undefined ? '' : `  ids ${String(c.first)}..${String(c.last)}`;
    print(`  ${c.name.padEnd(14)} ${c.count}${ids}`);
  }
  print(`  marker         seed_batch = "${result.batch}"`);
  print(`  reproduce with SEED_RANDOM_SEED=${result.seed} SEED_REF_DATE=${result.refDate.toISOString()}`);
  print(`  took ${seconds.toFixed(2)} s (${Math.round(documents / Math.max(seconds, 0.001))} documents/s)`);
  for (const line of extraLines) print(line);
  if (result.sample) {
    print(`Sample ${sampleLabel}:`);
    print(JSON.stringify(result.sample, null, 2));
  }
}
