import { CRM_CALLS } from './crm-calls';
import { CRM_TASKS } from './crm-tasks';
import { ConfigError } from '../errors';
import type { BuiltInDataset } from './registry';

/** The datasets built into the package, by the name `--dataset` takes; the first is the default. */
export const BUILT_IN_DATASETS: Readonly<Record<string, BuiltInDataset>> = {
  'crm-calls': CRM_CALLS,
  'crm-tasks': CRM_TASKS,
};

export const DEFAULT_DATASET = 'crm-calls';

/**
 * The built-in dataset of that name, or one line (BAD_INPUT) naming the ones there are;
 * `asked` is how the caller names what was asked for ("--dataset crm-leads").
 */
export function builtInDataset(name: string, asked: string, hint = ''): BuiltInDataset {
  if (!Object.hasOwn(BUILT_IN_DATASETS, name)) {
    const known = Object.keys(BUILT_IN_DATASETS).join(', ');
    throw new ConfigError(`${asked} is not a built-in dataset (there are ${known})${hint}`, {
      code: 'BAD_INPUT',
    });
  }
  return BUILT_IN_DATASETS[name]!;
}
