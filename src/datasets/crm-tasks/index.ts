import type { BuiltInDataset } from '../registry';
import { refDateOf } from '../../config/run-plan';
import { crmTasksDataset } from './dataset';
import { TASKS_DATASET_OPTIONS } from './options-table';
import type { TASKS_OPTIONS, TasksSettings } from './options-table';

/** The CRM's tasks, about the tenant's records and owned by its users. */
export const CRM_TASKS: BuiltInDataset<typeof TASKS_OPTIONS> = {
  describe: 'CRM tasks linked to the tenant’s records',
  options: TASKS_DATASET_OPTIONS,
  build: (settings) => {
    const s = settings as TasksSettings;
    const links =
      s.links === 'off'
        ? undefined
        : {
            tenantId: s.tenantId,
            leads: s.leadsCollection,
            contacts: s.contactsCollection,
            accounts: s.accountsCollection,
            deals: s.dealsCollection,
            users: s.usersCollection,
          };
    const plan = { count: s.tasks, tenantId: s.tenantId, userId: s.userId, days: s.days };
    return crmTasksDataset(plan, links, refDateOf(s));
  },
};
