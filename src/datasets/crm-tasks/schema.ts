import { z } from 'zod';
import { BATCH_FIELD, RUN_FIELD } from '../../schema/marker';

/**
 * A CRM task as the app stores it, by the CRM's conventions (those of its calls): `id` from
 * the counters, `ukey` = `<tenant_id>000<id>`, ISO-string timestamps, 0/1 flags, `deleted: 0`,
 * linked to one of the tenant's records and owned by one of its users.
 */
const isoString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/, 'must be an ISO timestamp');
const int = z.number().int();
const flag = z.union([z.literal(0), z.literal(1)]);

export const TASK_PRIORITIES = ['High', 'Normal', 'Low'] as const;
export const TASK_STATUSES = ['Not Started', 'In Progress', 'Waiting', 'Deferred', 'Completed'] as const;
export const RELATED_TYPES = ['Lead', 'Contact', 'Account', 'Deal'] as const;

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
