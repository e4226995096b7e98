/**
 * crm-calls-seed: reversible, deterministic seeds of any MongoDB collections, as migrate-mongo
 * migrations, from scripts and from the `crm-seed` CLI. One runner; datasets are plugins
 * written against one contract (built-in, hand-written or scaffolded). Every export here is
 * public and documented in docs/api.md, entry by entry; nothing else is.
 */

import { onDemand } from './datasets/crm-calls/on-demand';

// Datasets: the contract every dataset is written against.
export { defineDataset, collection } from './dataset/define';
export { optionTypes } from './dataset/option-types';
export type {
  Dataset,
  CollectionSpec,
  MakeContext,
  LinkSpec,
  ExistingDoc,
  RowImport,
} from './dataset/contract';
export type { OptionSpec, OptionsOf } from './dataset/options-table';
export type { RandomSource } from './dataset/random-source';

// Scaffolded datasets (`crm-seed scaffold` writes them): field specs and the runtime that makes their values.
export { scaffoldedCollections } from './scaffold/on-demand';
export type { ScaffoldedCollection } from './scaffold/runtime';
export type { FieldSpec, FieldSpecs } from './scaffold/field-spec';

// The built-in datasets.
export { crmCalls, crmTasks } from './datasets';

// migrate-mongo: seed files and the config helper.
export { defineSeed } from './adapters/migrate-mongo/define-seed';
export type { DatasetSeed, MigrateMongoSeed, SeedFileOptions } from './adapters/migrate-mongo/define-seed';
export { defineCallSeed } from './adapters/migrate-mongo/define-call-seed';
export type { CallSeedOptions } from './adapters/migrate-mongo/define-call-seed';
export { defineBuiltInSeed } from './adapters/migrate-mongo/define-built-in-seed';
export { migrateMongoConfig } from './adapters/migrate-mongo/config-helper';
export type { ConfigHelperOptions } from './adapters/migrate-mongo/config-helper';

// Scripts: the same guarded operations, options in, typed results out.
export { seedBatch, seedCalls, removeSeedBatch } from './adapters/api/seed-batch';
export type { SeedBatchRequest, SeedCallsRequest, RemoveBatchRequest } from './adapters/api/seed-batch';
export type { DatasetResult } from './operations/seed/seed-dataset';
export type { Removed } from './operations/remove/batch-removal';
export { LIFECYCLE_CHANNEL } from './operations/lifecycle';
export type { LifecycleEvent, LifecycleHooks } from './operations/lifecycle';
export type { Logger } from './logger';

// Errors: one class per origin, a stable `code` on each.
export { SeedError, ConfigError, DatabaseError, SafetyError, IoError, InterruptedError } from './errors';
export type { ErrorCode } from './errors';

// The marker every seeded document carries.
export { BATCH_FIELD } from './schema/marker';

// The calls' contract with the CRM app: their zod schemas and document types.
// callSchema and activityLogSchema load on first access (see on-demand.ts), in the one getter
// form cjs-module-lexer reads (`return <identifier>.<name>`, hence the local alias: the
// compiled import would be two members deep), so an ES module host imports them by name.
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
