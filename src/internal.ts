/**
 * crm-calls-seed/internal: the engine's parts that this repository's tests and benchmark use.
 * NOT a public API: anything here may change or go in any release. Users import the package
 * root (src/index.ts, documented in docs/api.md).
 */

import { settingsWith } from './config/load-settings';
import type { AnyDataset } from './config/dataset-options';
import { datasetRun } from './config/dataset-run';
import { checkDataset } from './dataset/check-dataset';
import type { ExistingDoc } from './dataset/contract';
import { generateDataset } from './generate/dataset-generation';
import type { DatasetChunk, DatasetPlan, FirstIds } from './generate/dataset-generation';
import { crmCalls } from './datasets/crm-calls';
import { planOf as callsPlanOf } from './datasets/crm-calls/plan';
import type { ActivityLogDoc, CallDoc } from './datasets/crm-calls/schema';
import { seedDataset } from './operations/seed/seed-dataset';
import type { DatasetRequest, DatasetResult } from './operations/seed/seed-dataset';
import { runOptionsOf } from './config/run-plan';

// Options, settings, config.
export { SETTINGS } from './config/settings-table';
export type { OptionsTable, Settings } from './config/settings-table';
export { settingsFrom, settingsWith } from './config/load-settings';
export { resolveSettings, envLayer } from './config/resolve-settings';
export { loadConfigFile, parseConfigText } from './config/config-file';
export { counterOf, guardOf } from './config/run-plan';
export { optionsTableOf } from './config/dataset-options';
export type { AnyDataset } from './config/dataset-options';
export { datasetRun } from './config/dataset-run';

// The dataset contract's machinery.
export { checkAgreeing, checkDataset, MAX_DOCUMENTS } from './dataset/check-dataset';
export { buildDataset } from './dataset/build-dataset';
export type { BuiltDataset } from './dataset/contract';
export { createRandom, seedFromText } from './dataset/random-source';

// Generation (pure).
export { generateDataset, preflightDataset } from './generate/dataset-generation';
export type { DatasetChunk, DatasetPlan, FirstIds } from './generate/dataset-generation';
export { isObjectId, objectIdLike } from './generate/object-ids';
export { standInRecords } from './generate/stand-ins';

// The built-in datasets' parts.
export { BUILT_IN_DATASETS, builtInDataset } from './datasets';
export { CALLS, ACTIVITY_LOGS } from './datasets/crm-calls';
export { CALLS_OPTIONS } from './datasets/crm-calls/options-table';
export type { CallsOptions } from './datasets/crm-calls/options-table';
/** The engine's settings with the calls' options, as they resolve for the calls dataset. */
export type CallsSettings = import('./config/settings-table').Settings &
  import('./datasets/crm-calls/options-table').CallsOptions;
export { activityLogForCall } from './datasets/crm-calls/activity-log-for-call';
export { callFromRow } from './datasets/crm-calls/call-from-row';
export { CALL_COLUMNS, LOG_COLUMNS } from './datasets/crm-calls/columns';
export { createIsoFormatter } from './datasets/crm-calls/iso-time';
export { activityLogSchema, callSchema, withoutMongoId } from './datasets/crm-calls/schema';
export type { ActivityLogDoc, CallDoc } from './datasets/crm-calls/schema';
export { BUILT_IN_VALUES } from './datasets/crm-calls/value-lists';
export { taskSchema } from './datasets/crm-tasks/schema';
export { describeIssues } from './datasets/crm/fields';
export { isDeleted } from './datasets/crm/links';
export { legacyDataset } from './datasets/crm/legacy';

// Scaffold and fidelity.
export { scaffold, DEFAULT_SAMPLE } from './scaffold/scaffold';
export type { ScaffoldRequest, ScaffoldedFiles } from './scaffold/scaffold';
export { CollectionProfiler } from './scaffold/profile';
export type { CollectionProfile, PathProfile } from './scaffold/profile';
export { scaffoldSpecOf } from './scaffold/runtime';
export { classify } from './scaffold/classify';
export type { KeptCategories } from './scaffold/classify';
export { FieldStream, fieldSeed } from './scaffold/field-stream';

// Files.
export { readDocRows } from './files/doc-file-reader';
export type { FileRow } from './files/doc-file-reader';

// Database primitives.
export { clientOptions, connectionError, OPERATION_TIMEOUT_MS } from './write/connection/connect';
export { socketTimeoutOf } from './write/connection/stall-watch';
export { diagnoseConnection } from './write/connection/connection-diagnosis';
export type { ServerObservations } from './write/connection/connection-diagnosis';
export {
  isAuthError,
  isConnectionLoss,
  isDriverError,
  isDuplicateKey,
} from './write/connection/driver-errors';
export { duplicateKeyOf } from './write/ids/duplicate-key';
export { reserveIdBlock, reserveIdBlocks } from './write/ids/id-blocks';
export type { CounterConfig, IdBlock } from './write/ids/id-blocks';
export { DEFAULT_PRODUCTION_PATTERN } from './write/production-guard';
export { removeBatch } from './write/removal/remove-batch';
export { acquireSeedLock, LOCK_TIMING } from './write/lock/seed-lock';
export type { Clock, LockTiming } from './write/lock/seed-lock';
export { isFerretdbV1 } from './write/connection/server-quirks';
export { unlockSeedLock } from './write/lock/unlock';
export { SEED_BATCHES } from './write/registry/batch-registry';
export { loadLinkedRecords } from './write/linked-records';
export { readId } from './schema/stored-values';
export { BATCH_FIELD, RUN_FIELD } from './schema/marker';

// Inspection and operations.
export { collectStats } from './inspect/batch-stats';
export type { Stats } from './inspect/batch-stats';
export { verifiedCollections, verifyBatches } from './inspect/verify-batches';
export type { Verification } from './inspect/verify-batches';
export { exportDataset } from './operations/export/export-generated';
export { runGuarded } from './operations/guarded-operation';
export type { GuardedOptions } from './operations/guarded-operation';
export { lifecycleEmitter } from './operations/lifecycle';
export type { LifecycleEvent } from './operations/lifecycle';
export { seedDown } from './operations/remove/seed-down';

// The edges.
export { colorEnabled, createPalette } from './adapters/cli/colors';
export { createProgram, runCli } from './adapters/cli/run-cli';
export { chooseDataset } from './adapters/cli/datasets';
export { interruptible, interruptSignalOf, SAME_SIGNAL_MS } from './adapters/interrupts';
export type { InterruptSignal, SignalHost } from './adapters/interrupts';
export { withUnreachableHint } from './adapters/unreachable-hint';
export { redactSecrets, redactUrl } from './redact';
export { silentLogger } from './logger';

/** What `plan` takes besides the dataset's option values. */
export interface PlanOptions {
  readonly batch?: string;
  /** The reference date when the values set none. */
  readonly now?: Date;
  /** Live records per link, by link name (default: none). */
  readonly existing?: ReadonlyMap<string, readonly ExistingDoc<unknown>[]>;
}

/**
 * A dataset's generation plan from option values as a seed file gives them (validated), with
 * no database: for tests and the benchmark.
 */
export function planOf(
  dataset: AnyDataset,
  values: Readonly<Record<string, unknown>> = {},
  options: PlanOptions = {},
): DatasetPlan {
  const batch = options.batch ?? 'unit-batch';
  const settings = settingsWith(dataset, { top: { kind: 'seed file', values }, now: options.now });
  const { spec, seed, refDate } = datasetRun(dataset, settings, batch);
  return {
    batch,
    seed,
    refDate,
    spec,
    totals: checkDataset(spec, dataset.name),
    existing: options.existing ?? new Map(),
  };
}

/** Every document of a plan, per collection, ids counting up from `firstIds` (default 1). */
export function generateAll(
  plan: DatasetPlan,
  chunkSize = 1000,
  firstIds: FirstIds = {},
): Record<string, Record<string, unknown>[]> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const c of plan.spec.collections) out[c.name] = [];
  for (const chunk of generateDataset(plan, firstIds, chunkSize)) {
    for (const group of chunk.groups) out[group.collection]!.push(...group.docs);
  }
  return out;
}

export type { DatasetChunk as Chunk };

/** The calls' generation plan as data (for the benchmark's comparison with a checkout from before the contract). */
export function callsGenerationPlan(settings: CallsSettings, batch: string): object {
  const { seed, refDate } = datasetRun(crmCalls, settings, batch);
  return callsPlanOf(settings, { batch, seed, refDate });
}

/** The calls' generation plan from resolved settings (the benchmark resolves its own). */
export function callsPlan(settings: import('./config/settings-table').Settings, batch: string): DatasetPlan {
  const { spec, seed, refDate } = datasetRun(crmCalls, settings, batch);
  return { batch, seed, refDate, spec, totals: checkDataset(spec, 'crm-calls'), existing: new Map() };
}

/** A plan's calls and logs, chunk by chunk (ids from 1). */
export function* callChunks(
  plan: DatasetPlan,
  chunkSize: number,
): Generator<{ calls: CallDoc[]; logs: ActivityLogDoc[] }> {
  for (const chunk of generateDataset(plan, {}, chunkSize)) {
    const docs = (name: string) => chunk.groups.find((g) => g.collection === name)?.docs ?? [];
    yield { calls: docs('calls') as CallDoc[], logs: docs('activity_logs') as ActivityLogDoc[] };
  }
}

/** seedDataset of the calls from resolved settings, as `up` runs it (the benchmark's in-process seed). */
export function seedUp(
  request: Omit<
    DatasetRequest,
    'dataset' | 'seed' | 'refDate' | 'batchSize' | 'concurrency' | 'counter' | 'guard'
  > & {
    readonly settings: import('./config/settings-table').Settings;
  },
): Promise<DatasetResult> {
  const { settings, ...rest } = request;
  const run = datasetRun(crmCalls, settings, request.batch);
  return seedDataset({
    ...rest,
    dataset: run.spec,
    seed: run.seed,
    refDate: run.refDate,
    ...runOptionsOf(settings),
  });
}
