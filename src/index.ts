/** The library seed files and tools call. */
export { defineCallSeed } from './seed/define-call-seed';
export type { CallSeedOptions } from './seed/define-call-seed';
export { seedUp } from './seed/seed-up';
export { seedDown } from './seed/seed-down';
export { callSchema, activityLogSchema, BATCH_FIELD } from './schema/call-schema';
export type { CallDoc, ActivityLogDoc } from './schema/call-schema';
export { generateChunks, planFromSettings } from './generate/generation-plan';
export { createRandom } from './generate/random-source';
