import { checkGeneratedTimes, EARLIEST_TIME, integer, LATEST_TIME } from '../../config/option-types';
import { DUE_WITHIN_DAYS } from './task-factory';
import { MAX_DOCUMENT_COUNT, MAX_INT32 } from '../../config/settings-table';
import type { DatasetOptions, OptionSpec, OptionsOf, Settings } from '../../config/settings-table';

/**
 * The tasks dataset's options, beside the engine's settings. The tenant, user and window keep
 * the env names and flags the calls dataset gives them: one SEED_TENANT_ID for a repository.
 */
export const TASKS_OPTIONS = {
  tasks: {
    env: 'SEED_TASKS',
    flag: '--tasks',
    type: integer(1, MAX_DOCUMENT_COUNT),
    default: 200,
    describe: 'number of tasks to generate (--dataset crm-tasks)',
  },
  tenantId: { env: 'SEED_TENANT_ID', flag: '--tenant', type: integer(1, MAX_INT32), default: 1 },
  userId: { env: 'SEED_USER_ID', flag: '--user', type: integer(1, MAX_INT32), default: 1 },
  days: { env: 'SEED_DAYS', flag: '--days', type: integer(1, 3650), default: 30 },
} as const satisfies Record<string, OptionSpec>;

export type TasksSettings = Settings & OptionsOf<typeof TASKS_OPTIONS>;

export const TASKS_DATASET_OPTIONS: DatasetOptions<typeof TASKS_OPTIONS> = {
  dataset: 'the tasks dataset',
  table: TASKS_OPTIONS,
  check: checkTaskTimes,
};

const DAY = 86_400_000;

/** Tasks are created over `days` before the reference date and due up to DUE_WITHIN_DAYS after: all storable. */
function checkTaskTimes(values: Readonly<Record<string, unknown>>): void {
  const refDate = values['refDate'] as Date;
  const days = values['days'] as number;
  const ref = refDate.getTime();
  checkGeneratedTimes(
    ref - days * DAY,
    ref + DUE_WITHIN_DAYS * DAY,
    `SEED_REF_DATE (--ref-date) ${refDate.toISOString()} with the tasks' SEED_DAYS (--days) ${days} before it and due dates up to ${DUE_WITHIN_DAYS} days after it`,
    `with SEED_DAYS ${days}, SEED_REF_DATE must be from ${new Date(EARLIEST_TIME + days * DAY).toISOString()} to ${new Date(LATEST_TIME - DUE_WITHIN_DAYS * DAY).toISOString()}`,
  );
}
