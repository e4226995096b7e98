import { describeIssues } from '../crm/fields';
import { BATCH_FIELD, callSchema, RUN_FIELD } from './schema';
import type { CallDoc } from './schema';

/** What an imported row gets when the file leaves it out, and what it always gets. */
export interface RowDefaults {
  /** The marker written into every imported document (replaces any seed_batch in the file). */
  readonly batch: string;
  /** The import run's identity (replaces any seed_run in the file); undefined while only validating. */
  readonly run?: string | undefined;
  /** For rows without tenant_id / user_id (the app takes them from the caller's token). */
  readonly tenantId: number;
  readonly userId: number;
  /** Import time: createdon/updatedon of rows without them, and past vs. scheduled for `closed`. */
  readonly importedAt: Date;
}

/** Columns a file must have: the fields the app requires when a call is saved. */
export const REQUIRED_FIELDS = [
  'subject',
  'type',
  'start_time',
  'call_for',
  'call_for_id',
  'related_to',
  'related_to_id',
  'owner_id',
  'status_id',
] as const;

const KNOWN_FIELDS = new Set(Object.keys(callSchema.shape));
const INTEGER_FIELDS = new Set(
  Object.entries(callSchema.shape)
    .filter(([, schema]) => schema.def.type === 'number' || schema.def.type === 'union')
    .map(([key]) => key),
);
const EMPTY_WHEN_ABSENT = [
  'purpose',
  'duration',
  'description',
  'result',
  'agenda',
  'caller_id',
  'dialled_number',
];

export type RowResult = { readonly call: CallDoc } | { readonly error: string };

/**
 * Turns one file row into a call: numbers given as text become numbers (CSV has only
 * text), optional fields get their defaults, id/ukey/marker are set by the import, and the
 * result must pass the same schema as generated calls. Pure: no I/O, no clock.
 */
export function callFromRow(
  row: Readonly<Record<string, unknown>>,
  id: number,
  defaults: RowDefaults,
): RowResult {
  const unknown = Object.keys(row).filter((key) => !KNOWN_FIELDS.has(key) && key !== '_id');
  if (unknown.length > 0) {
    return {
      error: `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}`,
    };
  }
  const missing = REQUIRED_FIELDS.filter(
    (key) => row[key] === undefined || row[key] === null || row[key] === '',
  );
  if (missing.length > 0) {
    return { error: `missing required field${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` };
  }

  const doc: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key === '_id' || value === null) continue;
    doc[key] =
      INTEGER_FIELDS.has(key) && typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)
        ? Number(value)
        : value;
  }
  for (const key of EMPTY_WHEN_ABSENT) doc[key] ??= '';
  doc['tenant_id'] ??= defaults.tenantId;
  doc['user_id'] ??= defaults.userId;
  doc['add_by'] ??= doc['user_id'];
  doc['active'] ??= 1;
  doc['deletable'] ??= 1;
  doc['deleted'] ??= 0;
  doc['closed'] ??= startsBefore(doc['start_time'], defaults.importedAt) ? 1 : 0;
  doc['createdon'] ??= defaults.importedAt.toISOString();
  doc['updatedon'] ??= doc['createdon'];
  doc['id'] = id;
  doc['ukey'] = `${String(doc['tenant_id'])}000${id}`;
  doc[BATCH_FIELD] = defaults.batch;
  if (defaults.run === undefined) delete doc[RUN_FIELD];
  else doc[RUN_FIELD] = defaults.run;

  const parsed = callSchema.safeParse(doc);
  return parsed.success ? { call: parsed.data } : { error: describeIssues(parsed.error) };
}

function startsBefore(startTime: unknown, when: Date): boolean {
  const ms = typeof startTime === 'string' ? Date.parse(startTime) : Number.NaN;
  return !Number.isNaN(ms) && ms < when.getTime();
}
