import type { BuiltInDataset } from '../registry';
import { refDateOf, tenantRecordsOf } from '../../config/run-plan';
import { crmTasksDataset } from './dataset';
import { TASKS_DATASET_OPTIONS } from './options-table';
import type { TASKS_OPTIONS, TasksSettings } from './options-table';

/** The CRM's tasks, about the tenant's records and owned by its users. */
export const CRM_TASKS: BuiltInDataset<typeof TASKS_OPTIONS> = {
  describe: 'CRM tasks linked to the tenant’s records',
  options: TASKS_DATASET_OPTIONS,
  build: (settings) => {
    const s = settings as TasksSettings;
    const plan = { count: s.tasks, tenantId: s.tenantId, userId: s.userId, days: s.days };
    return crmTasksDataset(plan, tenantRecordsOf(s, s.tenantId), refDateOf(s));
  },
};
