/**
 * crm-calls-seed: reversible migrate-mongo seeds of realistic CRM calls, or of any
 * collections, and the operations behind them for scripts. Everything exported here is
 * public and documented in the README.
 */

import { onDemand } from './datasets/crm-calls/on-demand';

// migrate-mongo: seed files and the config helper.
export { defineCallSeed } from './adapters/migrate-mongo/define-call-seed';
export type { CallSeedOptions } from './adapters/migrate-mongo/define-call-seed';
export { defineSeed } from './adapters/migrate-mongo/define-seed';
export { defineBuiltInSeed } from './adapters/migrate-mongo/define-built-in-seed';
export { BUILT_IN_DATASETS } from './datasets';
export type {
  MigrateMongoSeed,
  SeedDefinition,
  SeedFileSettings,
} from './adapters/migrate-mongo/define-seed';
export { migrateMongoConfig } from './adapters/migrate-mongo/config-helper';
export type { ConfigHelperOptions } from './adapters/migrate-mongo/config-helper';

// Datasets: what a seed of any collections declares.
export { collection } from './generate/dataset';
export type {
  CollectionSpec,
  DatasetSpec,
  ExistingDoc,
  IdKind,
  LinkSource,
  MakeContext,
  SetupContext,
} from './generate/dataset';
export type { RandomSource } from './generate/random-source';

// Bootstrap scripts: the same guarded operations, options in, typed results out.
export { seedCalls, seedBatch, removeSeedBatch } from './adapters/api/seed-calls';
export type {
  SeedCallsRequest,
  SeedBatchRequest,
  RemoveBatchRequest,
  SeedOptions,
} from './adapters/api/seed-calls';
export type { SeedResult } from './datasets/crm-calls/seed-up';
export type { DatasetResult, SeededCollection } from './operations/seed-dataset';
export type { Removed } from './operations/batch-removal';
export type { IdBlock } from './write/id-blocks';
export { LIFECYCLE_CHANNEL } from './operations/lifecycle';
export type { LifecycleEvent, LifecycleHooks } from './operations/lifecycle';
export type { Clock, LockOptions, LockTiming } from './write/seed-lock';
export type { Logger } from './logger';
export { SEED_BATCHES } from './write/batch-registry';
export type { BatchEntry, RegisteredCollection } from './write/batch-registry';

// Errors: one class per origin, a stable `code` on each.
export { SeedError, ConfigError, DatabaseError, SafetyError, IoError, InterruptedError } from './errors';
export type {
  ErrorCode,
  ConfigErrorCode,
  DatabaseErrorCode,
  SafetyErrorCode,
  IoErrorCode,
  InterruptedErrorCode,
  LockHolder,
} from './errors';

// The calls dataset's contract with the CRM app.
export { BATCH_FIELD } from './schema/marker';
// callSchema and activityLogSchema: zod schemas, loaded on first access (see on-demand.ts), in
// the one getter form cjs-module-lexer reads (`return <identifier>.<name>`, hence the local
// alias: the compiled import would be two members deep), so an ES module host imports them by name.
const schemas = onDemand;
export declare const callSchema: typeof onDemand.callSchema;
export declare const activityLogSchema: typeof onDemand.activityLogSchema;
Object.defineProperty(exports, 'callSchema', {
  enumerable: true,
  get: function () {
    return schemas.callSchema;
  },
});
Object.defineProperty(exports, 'activityLogSchema', {
  enumerable: true,
  get: function () {
    return schemas.activityLogSchema;
  },
});
export type { CallDoc, ActivityLogDoc } from './datasets/crm-calls/schema';
export { crmCallsDataset, generateChunks } from './datasets/crm-calls/dataset';
export type { GenerationPlan, DocChunk, CrmLinks } from './datasets/crm-calls/dataset';
export { createRandom } from './generate/random-source';
export { redactUrl } from './redact';
