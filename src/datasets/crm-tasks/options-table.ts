import { MAX_DOCUMENTS } from '../../dataset/check-dataset';
import { checkGeneratedTimes, EARLIEST_TIME, integer, LATEST_TIME } from '../../dataset/option-types';
import { DUE_WITHIN_DAYS } from './task-factory';
import type { OptionSpec, OptionsOf } from '../../dataset/options-table';
import { CRM_OPTIONS, daysOption } from '../crm/options';

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
  days: daysOption('tasks'),
} as const satisfies Record<string, OptionSpec>;

export type TasksOptions = OptionsOf<typeof TASKS_OPTIONS>;

const DAY = 86_400_000;

/** Tasks are created over `days` before the reference date and due up to DUE_WITHIN_DAYS after: all storable. */
export function checkTaskTimes(values: TasksOptions & { readonly refDate: Date }): string | undefined {
  const { refDate, days } = values;
  const ref = refDate.getTime();
  checkGeneratedTimes(
    ref - days * DAY,
    ref + DUE_WITHIN_DAYS * DAY,
    `SEED_REF_DATE (--ref-date) ${refDate.toISOString()} with the tasks' SEED_DAYS (--days) ${days} before it and due dates up to ${DUE_WITHIN_DAYS} days after it`,
    `with SEED_DAYS ${days}, SEED_REF_DATE must be from ${new Date(EARLIEST_TIME + days * DAY).toISOString()} to ${new Date(LATEST_TIME - DUE_WITHIN_DAYS * DAY).toISOString()}`,
  );
  return undefined;
}
