import type { Db } from 'mongodb';
import { settingsWith } from '../../config/load-settings';
import type { SettingInputs } from '../../config/settings-table';
import type { Environment } from '../../config/load-settings';
import type { Dataset } from '../../dataset/contract';
import type { OptionInputs, OptionsTable } from '../../dataset/options-table';
import { datasetRun } from '../../config/dataset-run';
import type { AnyDataset } from '../../config/dataset-options';
import { ConfigError } from '../../errors';
import { dataCollections } from '../../write/registry/batch-registry';
import { silentLogger } from '../../logger';
import type { Logger } from '../../logger';
import type { LockOptions } from '../../write/lock/seed-lock';
import type { Removed } from '../../operations/remove/batch-removal';
import type { CompleteBatch } from '../../operations/remove/batch-recovery';
import type { LifecycleHooks } from '../../operations/lifecycle';
import { seedDataset } from '../../operations/seed/seed-dataset';
import type { DatasetResult } from '../../operations/seed/seed-dataset';
import { seedDown } from '../../operations/remove/seed-down';
import { guardOf, runOptionsOf } from '../../config/run-plan';
import { crmCalls } from '../../datasets/crm-calls';
import type { CALLS_OPTIONS } from '../../datasets/crm-calls/options-table';
import { legacyDataset } from '../../datasets/crm/legacy';
import type { LEGACY_OPTIONS, LegacyDefinition } from '../../datasets/crm/legacy';

/** A dataset's options and the engine's settings as code gives them; the database is the `db` given. */
export type SeedOptions<O extends OptionsTable = Record<never, never>> = OptionInputs<O> & SettingInputs;

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

/**
 * A second run of a batch name that is complete is refused (BATCH_EXISTS) unless it asks to
 * replace it, or to keep it: then nothing is written, no id is used, and the result is the
 * batch as it is, with `unchanged` saying so (a bootstrap script run again).
 */
interface ReplaceOption {
  readonly replace?: boolean;
  readonly keep?: boolean;
}

interface ProgressOption {
  /** Documents of the first collection written so far. */
  readonly onProgress?: (written: number) => void;
}

/** seedBatch of a dataset: its options typed by it, in `options` (or beside the request's own fields). */
export type SeedBatchRequest<O extends OptionsTable = OptionsTable> = CallOptions &
  ReplaceOption &
  ProgressOption & {
    readonly dataset: Dataset<O>;
    readonly options?: SeedOptions<O>;
  } & SeedOptions<O>;

/** seedBatch of defineSeed's first form: `collections` (and `links`) with the settings beside them. */
export type SeedCollectionsRequest = CallOptions &
  ReplaceOption &
  ProgressOption &
  LegacyDefinition &
  SeedOptions<typeof LEGACY_OPTIONS>;

/** seedCalls: seedBatch of the built-in calls, their options beside the request's own fields. */
export type SeedCallsRequest = CallOptions &
  ReplaceOption &
  ProgressOption &
  SeedOptions<typeof CALLS_OPTIONS>;

export type RemoveBatchRequest = CallOptions &
  Pick<SeedOptions, 'allowProduction' | 'productionPattern' | 'nodeEnv'>;

const MARKER = /^[A-Za-z0-9_.-]{1,100}$/;
/** removeSeedBatch resolves the engine's settings only. */
const NO_OPTIONS: Dataset<Record<never, never>> = { name: 'removal', collections: [] };
const NOT_SETTINGS = [
  'db',
  'batch',
  'namespace',
  'replace',
  'keep',
  'logger',
  'env',
  'hooks',
  'lock',
  'onProgress',
  'signal',
];
/** Fields of a request that name its dataset, not settings (`links` only in the first form, where it is the dataset's). */
const DATASET_FIELDS = ['dataset', 'options'];
const FIRST_FORM_FIELDS = ['collections', 'links'];

/**
 * Seeds one batch of a dataset into `db`, under every guarantee of a seed file's `up`:
 * production guard, lock, crash recovery of the same batch, ids from the app's counters, links
 * to live records only. Its options (the dataset's and the engine's, in `options` or beside the
 * request's own fields) are validated before anything is written.
 *
 *   await seedBatch({ db, batch: 'dev-tickets', dataset: tickets, options: { tickets: 50 } });
 */
export function seedBatch<O extends OptionsTable>(request: SeedBatchRequest<O>): Promise<DatasetResult>;
export function seedBatch(request: SeedCollectionsRequest): Promise<DatasetResult>;
export async function seedBatch(
  request: (CallOptions & ReplaceOption & ProgressOption) | SeedCollectionsRequest,
): Promise<DatasetResult> {
  const fields = request as unknown as Readonly<Record<string, unknown>>;
  const dataset: AnyDataset =
    fields['dataset'] !== undefined
      ? (fields['dataset'] as AnyDataset)
      : legacyDataset('seedBatch', request as unknown as LegacyDefinition);
  const settings = settingsOf(fields as CallOptions & Readonly<Record<string, unknown>>, dataset);
  const run = datasetRun(dataset, settings, request.batch);
  return seedDataset({
    db: request.db,
    batch: request.batch,
    dataset: run.spec,
    seed: run.seed,
    refDate: run.refDate,
    ...runOptionsOf(settings),
    ...runIdentity(request),
    logger: request.logger ?? silentLogger,
    onProgress: request.onProgress,
    hooks: request.hooks,
    lock: request.lock,
    signal: request.signal,
  });
}

/** seedBatch of the built-in calls (calls with one activity log each), their options beside the request's fields. */
export const seedCalls = (request: SeedCallsRequest): Promise<DatasetResult> =>
  seedBatch({ ...request, dataset: crmCalls });

/**
 * Removes one batch of any dataset by its marker, from every collection the batch registry
 * says it wrote. Already gone is success.
 */
export async function removeSeedBatch(request: RemoveBatchRequest): Promise<Removed> {
  const settings = settingsOf(request as RemoveBatchRequest & Readonly<Record<string, unknown>>, undefined);
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
  for (const key of ['replace', 'keep'] as const) {
    if (request[key] !== undefined && typeof request[key] !== 'boolean') {
      throw new ConfigError(`${key} must be true or false (got ${JSON.stringify(request[key])})`);
    }
  }
  if (request.replace && request.keep)
    throw new ConfigError('replace and keep cannot both be true: choose one');
  return {
    owner: ownerOf(request),
    complete: request.replace
      ? { replace: 'asked to replace it' }
      : request.keep
        ? { keep: 'asked to keep it (keep: true)' }
        : undefined,
  };
}

/** The request's settings: the dataset's options and the engine's, from `options`, its own fields and `env`. */
function settingsOf(
  request: CallOptions & Readonly<Record<string, unknown>>,
  dataset: AnyDataset | undefined,
) {
  if (typeof request.batch !== 'string' || !MARKER.test(request.batch)) {
    throw new ConfigError(
      `batch must be 1-100 letters, digits, '_', '.' or '-' (got ${JSON.stringify(request.batch)})`,
    );
  }
  ownerOf(request);
  const firstForm = request['dataset'] === undefined && request['collections'] !== undefined;
  const notSettings = [...NOT_SETTINGS, ...DATASET_FIELDS, ...(firstForm ? FIRST_FORM_FIELDS : [])];
  const flat = Object.fromEntries(Object.entries(request).filter(([key]) => !notSettings.includes(key)));
  const given = request['options'];
  if (given !== undefined && (typeof given !== 'object' || given === null || Array.isArray(given))) {
    throw new ConfigError(
      `options must be an object of the dataset's options (got ${JSON.stringify(given)})`,
    );
  }
  const values = { ...flat, ...(given as Readonly<Record<string, unknown>> | undefined) };
  const sources = { env: request.env, top: { kind: 'seed file', label: 'options', values } } as const;
  return dataset ? settingsWith(dataset, sources) : settingsWith(NO_OPTIONS, sources);
}
