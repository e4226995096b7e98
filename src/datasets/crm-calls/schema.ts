import { z } from 'zod';
import { BATCH_FIELD, RUN_FIELD } from '../../schema/marker';
import { flag, int, isoString } from '../crm/fields';

export { BATCH_FIELD, RUN_FIELD };

/**
 * The contract with the CRM app (../shared/seed/CALLS_GENERATION_SUMMARY.md, "Database
 * Schema"): every listed field, with its listed type, plus the seed's batch marker.
 * Used to validate generated, imported and stored documents; the TypeScript types derive from it.
 */

const phoneOrEmpty = z.string().regex(/^(\d{10})?$/, 'must be a 10-digit phone number or empty');
const entityType = z.enum(['Lead', 'Contact', 'Account', 'Deal']);

export const callSchema = z
  .strictObject({
    id: int.positive(),
    ukey: z.string(),
    subject: z.string().min(1),
    type: z.enum(['inbound', 'outbound']),
    start_time: isoString,
    related_to: entityType,
    related_to_id: int.positive(),
    owner_id: int.positive(),
    purpose: z.string(),
    duration: z.string(),
    description: z.string(),
    result: z.string(),
    status_id: z.string().min(1),
    agenda: z.string(),
    caller_id: phoneOrEmpty,
    dialled_number: phoneOrEmpty,
    call_for: entityType,
    call_for_id: int.positive(),
    tenant_id: int.positive(),
    user_id: int.positive(),
    active: flag,
    closed: flag,
    deletable: flag,
    deleted: flag,
    add_by: int.positive(),
    createdon: isoString,
    updatedon: isoString,
    [BATCH_FIELD]: z.string().min(1),
    // The run that wrote it (absent in files written by generate, and in batches of older versions).
    [RUN_FIELD]: z.string().min(1).optional(),
  })
  .superRefine((call, ctx) => {
    if (call.ukey !== `${call.tenant_id}000${call.id}`) {
      ctx.addIssue({ code: 'custom', path: ['ukey'], message: `must be "${call.tenant_id}000${call.id}"` });
    }
    const number = call.type === 'inbound' ? 'caller_id' : 'dialled_number';
    if (call[number] === '') {
      ctx.addIssue({ code: 'custom', path: [number], message: `is required for ${call.type} calls` });
    }
  });

export const activityLogSchema = z.strictObject({
  id: int.positive(),
  activity_type: z.string().min(1),
  entity_type: z.literal('call'),
  entity_id: int.positive(),
  tenant_id: int.positive(),
  user_id: int.positive(),
  title: z.string().min(1),
  description: z.string(),
  timestamp: isoString,
  metadata: z.strictObject({
    call_for: entityType,
    call_for_id: int.positive(),
    type: z.enum(['inbound', 'outbound']),
    purpose: z.string(),
    start_time: isoString,
  }),
  deleted: flag,
  active: flag,
  [BATCH_FIELD]: z.string().min(1),
  [RUN_FIELD]: z.string().min(1).optional(),
});

export type CallDoc = z.infer<typeof callSchema>;
export type ActivityLogDoc = z.infer<typeof activityLogSchema>;

/** One line per problem: "start_time: must be an ISO timestamp". */

/** Stored documents carry the server's _id, which is not part of the contract. */
export function withoutMongoId(doc: Record<string, unknown>): Record<string, unknown> {
  const { _id, ...rest } = doc;
  void _id;
  return rest;
}
