import type { CallsSettings } from './options-table';
import { ACTIVITY_LOGS, CALLS, crmCallsDataset } from './dataset';
import type { CallDoc } from './schema';
import type { IdBlock } from '../../write/id-blocks';
import { seedDataset } from '../../operations/seed-dataset';
import type { DatasetRequest, DatasetResult } from '../../operations/seed-dataset';
import { crmLinksOf, planFromSettings } from './options';
import { runOptionsOf } from '../../config/run-plan';

export type { SeedChangelog } from '../../operations/seed-dataset';

/** A calls batch, from resolved settings (seed files, the CLI, seedCalls). */
export type SeedRequest = Omit<
  DatasetRequest,
  'dataset' | 'seed' | 'refDate' | 'batchSize' | 'concurrency' | 'counter' | 'guard'
> & { readonly settings: CallsSettings };

export interface SeedResult {
  readonly batch: string;
  readonly seed: number;
  readonly refDate: Date;
  readonly calls: IdBlock;
  readonly logs: IdBlock;
  /** Documents an interrupted earlier run of this batch had left, removed before writing. */
  readonly removedPartial: number;
  /** Documents of the complete batch this run replaced (`replace: true`, or its seed file changed). */
  readonly replaced: number;
  /** Live CRM records the calls link to, per collection; empty when the links are synthetic. */
  readonly linked: Readonly<Record<string, number>>;
  readonly sample: CallDoc | undefined;
  readonly elapsedMs: number;
  /** The dataset run as the engine reports it. */
  readonly dataset: DatasetResult;
}

/** Seeds one batch of the built-in calls dataset (calls with one activity log each). */
export async function seedUp(request: SeedRequest): Promise<SeedResult> {
  const { settings, ...rest } = request;
  const plan = planFromSettings(settings, request.batch);
  const result = await seedDataset({
    ...rest,
    dataset: crmCallsDataset(plan, crmLinksOf(settings)),
    seed: plan.seed,
    refDate: plan.options.refDate,
    ...runOptionsOf(settings),
  });
  const block = (name: string): IdBlock => {
    const c = result.collections.find((x) => x.name === name);
    return { first: Number(c?.first ?? 1), last: Number(c?.last ?? 0) };
  };
  const linked = Object.fromEntries(Object.entries(result.linked).filter(([, n]) => n > 0));
  return {
    batch: result.batch,
    seed: result.seed,
    refDate: result.refDate,
    calls: block(CALLS),
    logs: block(ACTIVITY_LOGS),
    removedPartial: result.removedPartial,
    replaced: result.replaced,
    linked,
    sample: result.sample as CallDoc | undefined,
    elapsedMs: result.elapsedMs,
    dataset: result,
  };
}
