import { basename } from 'node:path';
import type { Db } from 'mongodb';
import { loadSettings, loadTestHooks } from '../config/load-settings';
import type { Settings } from '../config/settings-table';
import { consoleLogger } from '../logger';
import { redactUrl } from '../redact';
import { SeedError } from '../errors';
import { keepWrappedErrorsToOneLine } from './seed-failure';
import { seedDown } from './seed-down';
import { seedUp } from './seed-up';
import type { SeedResult } from './seed-up';

/** What a seed file may fix for its batch; connection settings always come from the environment. */
export type CallSeedOptions = Partial<Omit<Settings, 'mongoUrl' | 'dbName' | 'nodeEnv' | 'allowProduction'>>;

export interface MigrateMongoSeed {
  up(db: Db): Promise<void>;
  down(db: Db): Promise<void>;
}

/**
 * Turns a seed file into a migrate-mongo migration. The batch marker is the file's name
 * without extension; the changelog key is the name with it (as migrate-mongo stores it).
 * Options in the file win over environment variables, which win over defaults.
 */
export function defineCallSeed(seedFile: string, options: CallSeedOptions = {}): MigrateMongoSeed {
  const fileName = basename(seedFile);
  const batch = fileName.replace(/\.[^.]+$/, '');
  const settingsFor = (): Settings =>
    loadSettings({ top: { kind: 'seed file', label: fileName, values: options } });

  return {
    async up(db) {
      const settings = settingsFor();
      const logger = consoleLogger();
      const testHooks = loadTestHooks();
      const result = await seedUp(db, { batch, changelogFile: fileName, settings, testHooks }, logger);
      printSummary(result, settings, logger.info);
    },
    async down(db) {
      const settings = settingsFor();
      const logger = consoleLogger();
      const removed = await seedDown(db, { batch, changelogFile: fileName, settings }, logger).catch(
        (err: unknown) => {
          if (err instanceof SeedError) keepWrappedErrorsToOneLine();
          throw err;
        },
      );
      logger.info(
        removed.calls + removed.logs === 0
          ? `batch ${batch}: nothing left to remove (already cleaned up)`
          : `removed batch ${batch}: ${removed.calls} calls, ${removed.logs} activity logs`,
      );
    },
  };
}

export function printSummary(result: SeedResult, settings: Settings, print: (line: string) => void): void {
  const count = result.calls.last - result.calls.first + 1;
  const seconds = result.elapsedMs / 1000;
  print(`Seeded batch ${result.batch} into ${settings.dbName} at ${redactUrl(settings.mongoUrl)}`);
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
