import { z } from 'zod';
import { BATCH_FIELD, RUN_FIELD } from '../../schema/marker';
import { flag, int, isoString } from '../crm/fields';
import { RELATED_TYPES, TASK_PRIORITIES, TASK_STATUSES } from './values';

/**
 * A CRM task as the app stores it, by the CRM's conventions (those of its calls): `id` from
 * the counters, `ukey` = `<tenant_id>000<id>`, ISO-string timestamps, 0/1 flags, `deleted: 0`,
 * linked to one of the tenant's records and owned by one of its users.
 */
export const taskSchema = z
  .strictObject({
    id: int.positive(),
    ukey: z.string(),
    title: z.string().min(1),
    description: z.string(),
    priority: z.enum(TASK_PRIORITIES),
    status: z.enum(TASK_STATUSES),
    due_date: isoString,
    completed_on: z.union([isoString, z.literal('')]),
    related_to: z.enum(RELATED_TYPES),
    related_to_id: int.positive(),
    owner_id: int.positive(),
    tenant_id: int.positive(),
    user_id: int.positive(),
    add_by: int.positive(),
    active: flag,
    deleted: flag,
    createdon: isoString,
    updatedon: isoString,
    [BATCH_FIELD]: z.string().min(1),
    [RUN_FIELD]: z.string().min(1).optional(),
  })
  .superRefine((task, ctx) => {
    if (task.ukey !== `${task.tenant_id}000${task.id}`) {
      ctx.addIssue({ code: 'custom', path: ['ukey'], message: `must be "${task.tenant_id}000${task.id}"` });
    }
    if ((task.status === 'Completed') !== (task.completed_on !== '')) {
      ctx.addIssue({
        code: 'custom',
        path: ['completed_on'],
        message: 'is set exactly when status is Completed',
      });
    }
  });

export type TaskDoc = z.infer<typeof taskSchema>;
