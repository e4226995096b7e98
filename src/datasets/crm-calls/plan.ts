import type { RunInfo } from '../../dataset/contract';
import type { GenerationOptions } from './call-factory';
import type { CallsOptions } from './options-table';
import { mergeValueLists } from './value-lists';

/** What one run of the calls dataset generates: options plus the seed that makes it reproducible. */
export interface GenerationPlan {
  readonly seed: number;
  readonly count: number;
  readonly options: GenerationOptions;
  /** How custom value lists joined the built-in ones (for the summary). */
  readonly valuesMode?: 'extend' | 'replace' | undefined;
}

/** The calls' generation plan from the dataset's resolved options and the run. */
export function planOf(options: CallsOptions, run: RunInfo): GenerationPlan {
  return {
    seed: run.seed,
    count: options.calls,
    valuesMode: options.valuesMode,
    options: {
      batch: run.batch,
      tenantId: options.tenantId,
      userId: options.userId,
      refDate: run.refDate,
      days: options.days,
      from: options.from,
      to: options.to,
      inboundShare: options.inboundShare,
      futureShare: options.futureShare,
      ownShare: options.ownShare,
      values: mergeValueLists(options, options.valuesMode),
    },
  };
}
