import type { Db } from 'mongodb';
import { settingsFrom } from '../config/load-settings';
import type { Environment } from '../config/load-settings';
import type { Settings } from '../config/settings-table';
import { ConfigError } from '../errors';
import { silentLogger } from '../logger';
import type { Logger } from '../logger';
import type { RemovedCounts } from '../write/remove-batch';
import type { LockOptions } from '../write/seed-lock';
import type { LifecycleHooks } from './lifecycle';
import { guardOf } from './settings-views';
import { seedDown } from './seed-down';
import { seedUp } from './seed-up';
import type { SeedResult } from './seed-up';

/** Every seed setting in camelCase (see the README's table); the database is the `db` given. */
export type SeedOptions = Partial<Omit<Settings, 'mongoUrl' | 'dbName'>>;

interface CallOptions {
  readonly db: Db;
  /** The seed_batch marker: 1-100 letters, digits, '_', '.' or '-'. */
  readonly batch: string;
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
}

export type SeedCallsRequest = CallOptions &
  SeedOptions & {
    readonly onProgress?: (callsWritten: number) => void;
  };

export type RemoveBatchRequest = CallOptions &
  Pick<SeedOptions, 'allowProduction' | 'productionPattern' | 'nodeEnv'>;

const MARKER = /^[A-Za-z0-9_.-]{1,100}$/;
const NOT_SETTINGS = new Set(['db', 'batch', 'logger', 'env', 'hooks', 'lock', 'onProgress']);

/**
 * Seeds one batch of calls with their activity logs into `db`, under every guarantee of a
 * seed file's `up`: production guard, lock, crash recovery of the same batch, ids from the
 * app's counters. Options are validated before anything is written.
 */
export async function seedCalls(request: SeedCallsRequest): Promise<SeedResult> {
  const settings = settingsOf(request);
  return seedUp({
    db: request.db,
    batch: request.batch,
    settings,
    logger: request.logger ?? silentLogger,
    onProgress: request.onProgress,
    hooks: request.hooks,
    lock: request.lock,
  });
}

/** Removes one batch by its marker from calls and activity logs. Already gone is success. */
export async function removeSeedBatch(request: RemoveBatchRequest): Promise<RemovedCounts> {
  const settings = settingsOf(request);
  return seedDown({
    db: request.db,
    batch: request.batch,
    guard: guardOf(settings),
    logger: request.logger ?? silentLogger,
    hooks: request.hooks,
    lock: request.lock,
  });
}

function settingsOf(request: CallOptions): Settings {
  if (typeof request.batch !== 'string' || !MARKER.test(request.batch)) {
    throw new ConfigError(
      `batch must be 1-100 letters, digits, '_', '.' or '-' (got ${JSON.stringify(request.batch)})`,
    );
  }
  const values = Object.fromEntries(
    Object.entries(request as object).filter(([key]) => !NOT_SETTINGS.has(key)),
  );
  return settingsFrom({ env: request.env, top: { kind: 'seed file', label: 'options', values } });
}
