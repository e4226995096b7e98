import { MAX_DOCUMENTS } from '../../dataset/check-dataset';
import { integer } from '../../dataset/option-types';
import type { OptionSpec, OptionsOf } from '../../dataset/options-table';
import { CRM_OPTIONS } from '../crm/options';

/**
 * The tasks dataset's options, beside the engine's settings. The tenant, user and links are
 * the CRM's shared options (one SEED_TENANT_ID for a repository); the window keeps the env
 * name and flag the calls give it.
 */
export const TASKS_OPTIONS = {
  tasks: {
    env: 'SEED_TASKS',
    flag: '--tasks',
    type: integer(1, MAX_DOCUMENTS),
    default: 200,
    describe: 'number of tasks to generate',
  },
  ...CRM_OPTIONS,
  days: {
    env: 'SEED_DAYS',
    flag: '--days',
    type: integer(1, 3650),
    default: 30,
    describe: 'spread tasks over this many past days before the reference date',
  },
} as const satisfies Record<string, OptionSpec>;

export type TasksOptions = OptionsOf<typeof TASKS_OPTIONS>;
