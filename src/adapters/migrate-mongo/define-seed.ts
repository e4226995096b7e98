import { basename, dirname } from 'node:path';
import type { Db, MongoClient } from 'mongodb';
import { settingsWith } from '../../config/load-settings';
import { checkPlainObject } from '../../config/resolve-settings';
import type { SettingInputs, Settings } from '../../config/settings-table';
import type { Dataset } from '../../dataset/contract';
import type { OptionInputs, OptionsTable } from '../../dataset/options-table';
import { datasetRun } from '../../config/dataset-run';
import type { AnyDataset } from '../../config/dataset-options';
import type { DatasetRun } from '../../config/dataset-run';
import { consoleLogger } from '../../logger';
import type { Logger } from '../../logger';
import { describeRemoved } from '../../operations/remove/batch-removal';
import type { CompleteBatch, UnappliedSeed } from '../../operations/remove/batch-recovery';
import { changelogOwner, markerOf, unappliedSeeds } from '../../operations/seed/seed-file-state';
import {
  appliedFiles,
  missingSeedFileError,
  missingSeedFiles,
  seedFolderOf,
} from '../../operations/seed/seed-file-state';
import { seedDataset } from '../../operations/seed/seed-dataset';
import type { DatasetResult, SeedChangelog } from '../../operations/seed/seed-dataset';
import { seedDown } from '../../operations/remove/seed-down';
import { guardOf, runOptionsOf } from '../../config/run-plan';
import type { CollectionRole } from '../../write/registry/collections';
import { legacyDataset } from '../../datasets/crm/legacy';
import type { LegacyDefinition, LEGACY_OPTIONS } from '../../datasets/crm/legacy';
import { fileHashOf, readHostConfig, siblingMigrationFiles } from './host-config';
import { exitIfInterrupted } from './interrupted-exit';
import { interruptible } from '../interrupts';
import { asOneLine } from './one-line-errors';
import { warnIfSystemDatabase } from './system-database';

/** What a seed file may fix for its batch: the dataset's options and the engine's settings (not NODE_ENV). */
export type SeedFileOptions<O extends OptionsTable = OptionsTable> = OptionInputs<O> &
  Omit<SettingInputs, 'nodeEnv'>;

/** Settings a seed file of defineSeed's first form may fix; the database is the one migrate-mongo connected to. */
export type SeedFileSettings = SeedFileOptions<typeof LEGACY_OPTIONS>;

/** defineSeed's first form: the collections (and links) with the settings beside them. */
export type SeedDefinition = LegacyDefinition & SeedFileSettings;

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

/** A seed file's migration, with the dataset and options it runs (read by `crm-seed --seed-file`). */
export interface DatasetSeed<O extends OptionsTable = OptionsTable> extends MigrateMongoSeed {
  readonly dataset: Dataset<O>;
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * A dataset as a migrate-mongo migration, in this repository or any other:
 *
 *   module.exports = defineSeed(__filename, tickets, { tickets: 300 });
 *
 * The batch marker is the file's name without extension. `up` writes the dataset's collections
 * in order under every guarantee of the built-in seeds; `down` removes the batch from every
 * collection it wrote, and nothing else. The options are the dataset's and the engine's,
 * typed by the dataset; they win over the SEED_* environment variables.
 *
 * The first form, `defineSeed(__filename, { collections, links, ...settings })`, still works.
 */
export function defineSeed<O extends OptionsTable>(
  seedFile: string,
  dataset: Dataset<O>,
  options?: SeedFileOptions<O>,
): DatasetSeed<O>;
export function defineSeed(
  seedFile: string,
  definition: SeedDefinition,
): DatasetSeed<typeof LEGACY_OPTIONS> & LegacyDefinition;
export function defineSeed(
  seedFile: string,
  dataset: AnyDataset | SeedDefinition,
  options: Readonly<Record<string, unknown>> = {},
): DatasetSeed {
  // The options are checked when up or down resolves them: a bad one is that run's one line.
  if (typeof (dataset as { name?: unknown }).name === 'string') {
    return seedMigration(seedFile, dataset as AnyDataset, options);
  }
  // The rest spread below copies own keys only: a prototype's settings would vanish unseen.
  checkPlainObject(dataset, `${basename(seedFile)}: `);
  const { collections, links, ...settings } = dataset as SeedDefinition;
  const legacy = legacyDataset(markerOf(basename(seedFile)), { collections, links });
  // The collections stay readable on the migration, as they always were.
  return Object.assign(seedMigration(seedFile, legacy, settings), { collections, links });
}

/**
 * The migrate-mongo adapter shared by every seed file. This is an edge: it reads the
 * environment (settings, NODE_ENV, SEED_VERBOSE), prints, and keeps expected failures to the
 * one line migrate-mongo prints.
 */
function seedMigration(
  seedFile: string,
  dataset: AnyDataset,
  options: Readonly<Record<string, unknown>>,
): DatasetSeed {
  const fileName = basename(seedFile);
  const file: SeedFile = { seedFile, fileName, batch: markerOf(fileName), options, dataset };
  return {
    dataset,
    options,
    async up(db, client) {
      return migrateUp(file, db, client);
    },
    async down(db) {
      return migrateDown(file, db);
    },
  };
}

/** One seed file as its up and down see it: the file, its batch marker, its dataset and options. */
interface SeedFile {
  readonly seedFile: string;
  readonly fileName: string;
  readonly batch: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly dataset: AnyDataset;
}

/**
 * Resolved inside up and down, not when the file loads, so a bad setting fails as that run's
 * one line; then the dataset built for the batch.
 */
function runOf(file: SeedFile): { readonly settings: Settings; readonly run: DatasetRun } {
  const settings = settingsWith(file.dataset, {
    env: process.env,
    top: { kind: 'seed file', label: file.fileName, values: file.options },
  });
  return { settings, run: datasetRun(file.dataset, settings, file.batch) };
}

/**
 * The host's changelog and the seed files it does not list (interrupted runs). Refuses
 * while an applied seed file is missing from the folder (renamed or deleted).
 */
async function hostState(db: Db, file: SeedFile): Promise<HostState> {
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
async function migrateUp(file: SeedFile, db: Db, client: MongoClient | undefined): Promise<void> {
  const { batch, fileName } = file;
  const logger = consoleLogger();
  try {
    const { settings, run } = runOf(file);
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
          dataset: run.spec,
          seed: run.seed,
          refDate: run.refDate,
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
    else printSummary(result, where(db, client), logger, run, settings.sample);
  } catch (err) {
    exitIfInterrupted(err, `up of ${batch}`);
    throw asOneLine(err, process.env);
  }
}

/** The migration's `down`: removes the batch from the dataset's collections, and nothing else. */
async function migrateDown(file: SeedFile, db: Db): Promise<void> {
  const { batch } = file;
  const logger = consoleLogger();
  try {
    const { settings, run } = runOf(file);
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
          collections: run.spec.collections.map((c) => c.name),
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

/**
 * The summary of any dataset's run, in at most about ten lines: counts and id ranges per
 * collection, the marker, how to reproduce it, the time, the dataset's own lines (its links);
 * one sample document when asked for (SEED_SAMPLE=1, or `sample: true` in the seed file).
 */
export function printSummary(
  result: DatasetResult,
  target: string,
  logger: Logger,
  run: DatasetRun,
  withSample: boolean,
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
  for (const line of run.spec.report?.(result.linked) ?? []) print(line);
  if (withSample && result.sample) {
    print(`Sample ${run.spec.sample?.label ?? 'document'}:`);
    print(JSON.stringify(result.sample, null, 2));
  }
}
