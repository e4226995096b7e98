import { buildDataset } from '../dataset/build-dataset';
import type { BuiltDataset } from '../dataset/contract';
import type { AnyDataset } from './dataset-options';
import { datasetOptionsOf } from './dataset-options';
import { refDateOf, seedOf } from './run-plan';
import type { Settings } from './settings-table';

/** A dataset built for one batch from resolved settings: what the engine runs, and what reproduces it. */
export interface DatasetRun {
  readonly spec: BuiltDataset;
  readonly seed: number;
  readonly refDate: Date;
}

/** Builds the dataset for one batch: its options from the settings, the seed and reference date the engine's. */
export function datasetRun(dataset: AnyDataset, settings: Settings, batch: string): DatasetRun {
  const seed = seedOf(settings, batch);
  const refDate = refDateOf(settings);
  const options = datasetOptionsOf(dataset, settings);
  return { spec: buildDataset(dataset, options as never, { batch, seed, refDate }), seed, refDate };
}
