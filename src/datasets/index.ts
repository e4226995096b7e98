import { crmCalls } from './crm-calls';
import { crmTasks } from './crm-tasks';
import { ConfigError } from '../errors';
import { checkAgreeing } from '../dataset/check-dataset';
import type { Dataset } from '../dataset/contract';
import type { OptionsTable } from '../dataset/options-table';

/** The datasets built into the package, by the name `--dataset` takes; the first is the default. */
export const BUILT_IN_DATASETS: readonly Dataset<OptionsTable>[] = [crmCalls, crmTasks];
checkAgreeing(BUILT_IN_DATASETS);

export const DEFAULT_DATASET = 'crm-calls';

/** The built-in datasets' names. */
export function builtInNames(): string[] {
  return BUILT_IN_DATASETS.map((d) => d.name);
}

/**
 * The built-in dataset of that name, or one line (BAD_INPUT) naming the ones there are;
 * `asked` is how the caller names what was asked for ("--dataset crm-leads").
 */
export function builtInDataset(name: string, asked: string, hint = ''): Dataset<OptionsTable> {
  const found = BUILT_IN_DATASETS.find((d) => d.name === name);
  if (!found) {
    throw new ConfigError(
      `${asked} is not a built-in dataset (there are ${builtInNames().join(', ')})${hint}`,
      {
        code: 'BAD_INPUT',
      },
    );
  }
  return found;
}

export { crmCalls, crmTasks };
