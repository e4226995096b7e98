import { crmCalls } from '../../datasets/crm-calls';
import type { CALLS_OPTIONS } from '../../datasets/crm-calls/options-table';
import { defineSeed } from './define-seed';
import type { DatasetSeed, SeedFileOptions } from './define-seed';

/** What a seed file of the calls may fix for its batch; the database is the one migrate-mongo connected to. */
export type CallSeedOptions = SeedFileOptions<typeof CALLS_OPTIONS>;

/**
 * The built-in calls as a migrate-mongo migration: `defineSeed(seedFile, crmCalls, options)`.
 *
 *   module.exports = require('crm-calls-seed').defineCallSeed(__filename, { calls: 200, tenantId: 9 });
 */
export const defineCallSeed = (
  seedFile: string,
  options: CallSeedOptions = {},
): DatasetSeed<typeof CALLS_OPTIONS> => defineSeed(seedFile, crmCalls, options);
