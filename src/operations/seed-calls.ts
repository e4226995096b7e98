import type { Db } from 'mongodb';
import { settingsFrom } from '../config/load-settings';
import type { Environment } from '../config/load-settings';
import type { Settings } from '../config/settings-table';
import { ConfigError } from '../errors';
import { dataCollections } from '../write/batch-registry';
import type { DatasetSpec } from '../generate/dataset';
import { seedFromText } from '../generate/random-source';
import { silentLogger } from '../logger';
import type { Logger } from '../logger';
import type { LockOptions } from '../write/seed-lock';
import type { CompleteBatch, Removed } from './batch-removal';
import type { LifecycleHooks } from './lifecycle';
import { seedDataset } from './seed-dataset';
import type { DatasetResult } from './seed-dataset';
import { seedDown } from './seed-down';
import { seedUp } from './seed-up';
import type { SeedResult } from './seed-up';
import { guardOf, runOptionsOf } from './settings-views';

/** A setting as it may be given: dates also as ISO strings, patterns also as strings. */
export type SettingInput<T> = T extends Date ? Date | string : T extends RegExp ? RegExp | string : T;

/** Every seed setting in camelCase (see the README's table); the database is the `db` given. */
export type SeedOptions = {
  readonly [K in Exclude<keyof Settings, 'mongoUrl' | 'dbName'>]?: SettingInput<Settings[K]>;
};

interface CallOptions {
  readonly db: Db;
  /** The seed_batch marker: 1-100 letters, digits, '_', '.' or '-'. */
  readonly batch: string;
  /**
   * Whose batches these are (default `default`): a batch is recovered, replaced or removed only
   * through the namespace that recorded it, so two scripts (or repositories) sharing a database
   * never take each other's batches. Same characters as a marker.
   */
  readonly namespace?: string;
  /** Where progress and warnings go; silent by default. */
  readonly logger?: Logger;
  /**
   * Environment variables to read settings from (below the options given). Nothing is read
   * from process.env unless you pass it here.
   */
  readonly env?: Environment;
  readonly hooks?: LifecycleHooks;
  /** The lock's clock and timing: for tests. */
  readonly lock?: LockOptions;
  /**
   * Stops the run when aborted: no new writes; a seed takes back what it wrote, a removal
   * keeps what is left for the next run; the lock is released; an InterruptedError
   * (code INTERRUPTED) says what was left.
   */
  readonly signal?: AbortSignal;
}

/** A second run of a batch name that is complete is refused (BATCH_EXISTS) unless it asks to replace it. */
interface ReplaceOption {
  readonly replace?: boolean;
}

export type SeedCallsRequest = CallOptions &
  SeedOptions &
  ReplaceOption & {
    /** Calls written so far. */
    readonly onProgress?: (callsWritten: number) => void;
  };

export type SeedBatchRequest = CallOptions &
  DatasetSpec &
  Omit<SeedOptions, 'links'> &
  ReplaceOption & {
    /** Documents of the first collection written so far. */
    readonly onProgress?: (written: number) => void;
  };

export type RemoveBatchRequest = CallOptions &
  Pick<SeedOptions, 'allowProduction' | 'productionPattern' | 'nodeEnv'>;

const MARKER = /^[A-Za-z0-9_.-]{1,100}$/;
const NOT_SETTINGS = [
  'db',
  'batch',
  'namespace',
  'replace',
  'logger',
  'env',
  'hooks',
  'lock',
  'onProgress',
  'signal',
];
/** In seedBatch, `links` is the dataset's (which collections `pick` reads), not the calls setting. */
const DATASET_FIELDS = ['collections', 'links'];

/**
 * Seeds one batch of calls with their activity logs into `db`, under every guarantee of a
 * seed file's `up`: production guard, lock, crash recovery of the same batch, ids from the
 * app's counters, links to the tenant's live CRM records. Options are validated before
 * anything is written.
 */
export async function seedCalls(request: SeedCallsRequest): Promise<SeedResult> {
  return seedUp({
    db: request.db,
    batch: request.batch,
    settings: settingsOf(request, NOT_SETTINGS),
    ...runIdentity(request),
    logger: request.logger ?? silentLogger,
    onProgress: request.onProgress,
    hooks: request.hooks,
    lock: request.lock,
    signal: request.signal,
  });
}

/** Seeds one batch of any dataset (`collections`, as in defineSeed) into `db`, with the same guarantees. */
export async function seedBatch(request: SeedBatchRequest): Promise<DatasetResult> {
  const settings = settingsOf(request, [...NOT_SETTINGS, ...DATASET_FIELDS]);
  return seedDataset({
    db: request.db,
    batch: request.batch,
    dataset: { collections: request.collections, links: request.links },
    seed: settings.randomSeed ?? seedFromText(request.batch),
    refDate: settings.refDate ?? new Date(),
    ...runOptionsOf(settings),
    ...runIdentity(request),
    logger: request.logger ?? silentLogger,
    onProgress: request.onProgress,
    hooks: request.hooks,
    lock: request.lock,
    signal: request.signal,
  });
}

/**
 * Removes one batch of any dataset by its marker, from every collection the batch registry
 * says it wrote. Already gone is success.
 */
export async function removeSeedBatch(request: RemoveBatchRequest): Promise<Removed> {
  const settings = settingsOf(request, NOT_SETTINGS);
  return seedDown({
    db: request.db,
    batch: request.batch,
    owner: ownerOf(request),
    // Without a registry entry, any collection may hold documents under the marker: they are reported.
    collections: await dataCollections(request.db),
    guard: guardOf(settings),
    logger: request.logger ?? silentLogger,
    hooks: request.hooks,
    lock: request.lock,
    signal: request.signal,
  });
}

/** The registry owner of a script's batches. */
function ownerOf(request: CallOptions): string {
  const namespace = request.namespace ?? 'default';
  if (typeof namespace !== 'string' || !MARKER.test(namespace)) {
    throw new ConfigError(
      `namespace must be 1-100 letters, digits, '_', '.' or '-' (got ${JSON.stringify(namespace)})`,
    );
  }
  return `script:${namespace}`;
}

function runIdentity(request: CallOptions & ReplaceOption): {
  owner: string;
  complete: CompleteBatch | undefined;
} {
  if (request.replace !== undefined && typeof request.replace !== 'boolean') {
    throw new ConfigError(`replace must be true or false (got ${JSON.stringify(request.replace)})`);
  }
  return {
    owner: ownerOf(request),
    complete: request.replace ? { replace: 'asked to replace it' } : undefined,
  };
}

function settingsOf(request: CallOptions, notSettings: readonly string[]): Settings {
  if (typeof request.batch !== 'string' || !MARKER.test(request.batch)) {
    throw new ConfigError(
      `batch must be 1-100 letters, digits, '_', '.' or '-' (got ${JSON.stringify(request.batch)})`,
    );
  }
  ownerOf(request);
  const values = Object.fromEntries(
    Object.entries(request as object).filter(([key]) => !notSettings.includes(key)),
  );
  return settingsFrom({ env: request.env, top: { kind: 'seed file', label: 'options', values } });
}
