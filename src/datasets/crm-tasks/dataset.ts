import type { Dataset, ExistingDoc, SetupContext } from '../../dataset/contract';
import { crmLinks } from '../crm/links';
import { createTaskFactory } from './task-factory';
import type { TaskOptions, TaskRecords } from './task-factory';
import { tasksRowImport, tasksSchemas } from './on-demand';
import { checkTaskTimes, TASKS_OPTIONS } from './options-table';
import type { TaskDoc } from './schema';

export const TASKS = 'tasks';

/** The tenant's live records a task may be about, by type, and its users. */
function recordsOf(existing: SetupContext['existing']): TaskRecords {
  const docs = (link: string): readonly ExistingDoc[] => existing(link);
  return {
    byType: {
      Lead: docs('leads'),
      Contact: docs('contacts'),
      Account: docs('accounts'),
      Deal: docs('deals'),
    },
    users: docs('users'),
  };
}

/**
 * The CRM's tasks: one collection, ids from the app's counter, each task about one of the
 * tenant's live leads, contacts, accounts or deals and owned by one of its users (synthetic
 * ones without them).
 */
export const crmTasks: Dataset<typeof TASKS_OPTIONS> = {
  name: 'crm-tasks',
  describe: 'CRM tasks linked to the tenant’s records',
  options: TASKS_OPTIONS,
  check: checkTaskTimes,
  links: (o) => crmLinks(o, o.tenantId),
  collections: (o) => [
    {
      name: TASKS,
      count: o.tasks,
      setup: ({ random, refDate, batch, existing }) => {
        const options: TaskOptions = { tenantId: o.tenantId, userId: o.userId, days: o.days, refDate, batch };
        return createTaskFactory(random, options, recordsOf(existing));
      },
      make: ({ id, state }) => (state as (id: number) => TaskDoc)(id as number),
      // Read by verify and import only: loaded then (./on-demand.ts).
      get schema() {
        return tasksSchemas().taskSchema;
      },
      unique: ['ukey'],
      idKeys: [{ field: 'ukey', prefix: `${o.tenantId}000`, where: { tenant_id: o.tenantId } }],
    },
  ],
  import: (o, run) =>
    tasksRowImport().tasksImport(TASKS, { tenantId: o.tenantId, userId: o.userId, importedAt: run.refDate }),
  sample: { collection: TASKS, label: 'task' },
};
