import type { TenantRecords } from '../../config/run-plan';
import type { DatasetSpec, ExistingDoc, RowImport } from '../../generate/dataset';
import { createTaskFactory } from './task-factory';
import type { TaskOptions, TaskRecords } from './task-factory';
import { tasksRowImport, tasksSchemas } from './on-demand';
import type { TaskDoc } from './schema';

export const TASKS = 'tasks';

/** What one run of the tasks dataset makes. */
export interface TasksPlan {
  readonly count: number;
  readonly tenantId: number;
  readonly userId: number;
  readonly days: number;
}

/**
 * The CRM's tasks as a dataset: one collection, ids from the app's counter, each task about one
 * of the tenant's live leads, contacts, accounts or deals and owned by one of its users (with
 * `links`), synthetic ones otherwise.
 */
export function crmTasksDataset(
  plan: TasksPlan,
  links: TenantRecords | undefined,
  importedAt: Date,
): DatasetSpec {
  const recordsOf = (existing: (collection: string) => readonly ExistingDoc[]): TaskRecords => ({
    byType: {
      Lead: links ? existing(links.leads) : [],
      Contact: links ? existing(links.contacts) : [],
      Account: links ? existing(links.accounts) : [],
      Deal: links ? existing(links.deals) : [],
    },
    users: links ? existing(links.users) : [],
  });
  let rowImport: RowImport | undefined; // built on first use, like the schema
  return {
    collections: [
      {
        name: TASKS,
        count: plan.count,
        setup: ({ random, faker, refDate, batch, existing }) => {
          const options: TaskOptions = { ...plan, refDate, batch };
          return createTaskFactory(random, faker, options, recordsOf(existing));
        },
        make: ({ id, state }) => (state as (id: number) => TaskDoc)(id as number),
        // Read by verify and import only: loaded then (./on-demand.ts).
        get schema() {
          return tasksSchemas().taskSchema;
        },
        unique: ['ukey'],
        idKeys: [{ field: 'ukey', prefix: `${plan.tenantId}000`, where: { tenant_id: plan.tenantId } }],
      },
    ],
    get import() {
      return (rowImport ??= tasksRowImport().tasksImport(TASKS, {
        tenantId: plan.tenantId,
        userId: plan.userId,
        importedAt,
      }));
    },
    links: links
      ? [links.leads, links.contacts, links.accounts, links.deals, links.users].map((collection) => ({
          collection,
          tenantId: links.tenantId,
        }))
      : undefined,
  };
}
