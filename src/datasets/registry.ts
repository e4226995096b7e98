import type { DatasetOptions, OptionsTable, Settings } from '../config/settings-table';
import type { DatasetSpec } from '../generate/dataset';

/**
 * A dataset built into the package: its own options (beside the engine's settings, with env
 * names and CLI flags of their own) and how it is built from them for one batch. The engine
 * runs what `build` returns through the contract in src/generate/dataset.ts; the edges find
 * the built-in datasets by name in ./index.ts.
 */
export interface BuiltInDataset<T extends OptionsTable = OptionsTable> {
  /** What it seeds, for help texts: "CRM calls with their activity logs". */
  readonly describe: string;
  readonly options: DatasetOptions<T>;
  build(settings: Settings & Readonly<Record<string, unknown>>, batch: string): DatasetSpec;
}
