/**
 * crm-calls-seed: reversible migrate-mongo seeds of realistic CRM calls, and the operations
 * behind them for scripts. Everything exported here is public and documented in the README.
 */

// migrate-mongo: seed files and the config helper.
export { defineCallSeed } from './adapters/migrate-mongo/define-call-seed';
export type { CallSeedOptions, MigrateMongoSeed } from './adapters/migrate-mongo/define-call-seed';
export { migrateMongoConfig } from './adapters/migrate-mongo/config-helper';
export type { ConfigHelperOptions } from './adapters/migrate-mongo/config-helper';

// Bootstrap scripts: the same guarded operations, options in, typed results out.
export { seedCalls, removeSeedBatch } from './operations/seed-calls';
export type { SeedCallsRequest, RemoveBatchRequest, SeedOptions } from './operations/seed-calls';
export type { SeedResult } from './operations/seed-up';
export type { RemovedCounts } from './write/remove-batch';
export type { IdBlock } from './write/id-blocks';
export { LIFECYCLE_CHANNEL } from './operations/lifecycle';
export type { LifecycleEvent, LifecycleHooks } from './operations/lifecycle';
export type { Clock, LockOptions, LockTiming } from './write/seed-lock';
export type { Logger } from './logger';

// Errors: one class per origin, a stable `code` on each.
export { SeedError, ConfigError, DatabaseError, SafetyError } from './errors';
export type { ErrorCode, ConfigErrorCode, DatabaseErrorCode, SafetyErrorCode, LockHolder } from './errors';

// The documents' contract with the CRM app.
export { callSchema, activityLogSchema, BATCH_FIELD } from './schema/call-schema';
export type { CallDoc, ActivityLogDoc } from './schema/call-schema';

// Pure generation, for previews and tests: no database.
export { generateChunks } from './generate/generation-plan';
export type { GenerationPlan, DocChunk } from './generate/generation-plan';
export { createRandom } from './generate/random-source';
export { redactUrl } from './redact';
