import type { TenantRecords } from '../../config/run-plan';
import type { GenerationOptions } from './call-factory';

/** What one run of the calls dataset generates: options plus the seed that makes it reproducible. */
export interface GenerationPlan {
  readonly seed: number;
  readonly count: number;
  readonly options: GenerationOptions;
  /** How custom value lists joined the built-in ones (for the summary). */
  readonly valuesMode?: 'extend' | 'replace' | undefined;
}

/** The app's collections the calls link to, and whose records count (one tenant's). */
export type CrmLinks = TenantRecords;
