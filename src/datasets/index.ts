import { CRM_CALLS } from './crm-calls';
import { CRM_TASKS } from './crm-tasks';
import type { BuiltInDataset } from './registry';

/** The datasets built into the package, by the name `--dataset` takes; the first is the default. */
export const BUILT_IN_DATASETS: Readonly<Record<string, BuiltInDataset>> = {
  'crm-calls': CRM_CALLS,
  'crm-tasks': CRM_TASKS,
};

export const DEFAULT_DATASET = 'crm-calls';
