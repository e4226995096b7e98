import { seedFromText } from '../dataset/random-source';
import type { Settings } from './settings-table';
import type { CounterConfig } from '../write/ids/id-blocks';
import type { ProductionGuard } from '../write/production-guard';

/** The narrow views of the settings that the database primitives take. */
export function guardOf(settings: Settings): ProductionGuard {
  return {
    allowProduction: settings.allowProduction,
    productionPattern: settings.productionPattern,
    nodeEnv: settings.nodeEnv,
  };
}

/** What every dataset run takes from the settings besides the dataset itself. */
export function runOptionsOf(settings: Settings): {
  readonly batchSize: number;
  readonly concurrency: number;
  readonly counter: CounterConfig;
  readonly guard: ProductionGuard;
} {
  return {
    batchSize: settings.batchSize,
    concurrency: settings.concurrency,
    counter: counterOf(settings),
    guard: guardOf(settings),
  };
}

export function counterOf(settings: Settings): CounterConfig {
  return {
    collection: settings.countersCollection,
    keyField: settings.counterKeyField,
    seqField: settings.counterSeqField,
  };
}

/** A run's seed: SEED_RANDOM_SEED, else derived from the batch name, so a seed file is reproducible. */
export function seedOf(settings: Pick<Settings, 'randomSeed'>, batch: string): number {
  return settings.randomSeed ?? seedFromText(batch);
}

/** "Now" for the data: SEED_REF_DATE, else the moment the settings were resolved. */
export function refDateOf(settings: Pick<Settings, 'refDate'>): Date {
  return settings.refDate ?? new Date();
}
