import type { ImportStamp, RowImport } from '../../dataset/contract';
import { BATCH_FIELD, RUN_FIELD } from '../../schema/marker';
import { describeIssues } from '../crm/fields';
import { taskSchema } from './schema';

/** Columns a tasks file must have: what the app requires when a task is saved. */
export const REQUIRED_FIELDS = ['title', 'due_date', 'related_to', 'related_to_id', 'owner_id'] as const;

const KNOWN_FIELDS = new Set(Object.keys(taskSchema.shape));
const INTEGER_FIELDS = new Set([
  'id',
  'related_to_id',
  'owner_id',
  'tenant_id',
  'user_id',
  'add_by',
  'active',
  'deleted',
]);

/** What rows without them get: the tenant and user (the app takes them from the caller's token), the import time. */
export interface TaskImportDefaults {
  readonly tenantId: number;
  readonly userId: number;
  readonly importedAt: Date;
}

/**
 * Rows of a tasks file as the CRM's tasks: numbers given as text become numbers (CSV has only
 * text), optional fields get the app's defaults, id and ukey come from the counter, and the
 * result must pass the schema generated tasks pass.
 */
export function tasksImport(collection: string, defaults: TaskImportDefaults): RowImport {
  return {
    collection,
    noun: 'task',
    row: (row, id, stamp) => taskFromRow(row, id, stamp, defaults),
    idKeys: (task) => [
      { field: 'ukey', prefix: `${String(task['tenant_id'])}000`, where: { tenant_id: task['tenant_id'] } },
    ],
    hint: `Fields are named as in the tasks schema; required: ${REQUIRED_FIELDS.join(', ')}`,
  };
}

function taskFromRow(
  row: Readonly<Record<string, unknown>>,
  id: number,
  stamp: ImportStamp,
  defaults: TaskImportDefaults,
): { readonly doc: Record<string, unknown> } | { readonly error: string } {
  const unknown = Object.keys(row).filter((key) => !KNOWN_FIELDS.has(key) && key !== '_id');
  if (unknown.length > 0) return { error: `unknown field(s) ${unknown.map((k) => `"${k}"`).join(', ')}` };
  const missing = REQUIRED_FIELDS.filter(
    (key) => row[key] === undefined || row[key] === null || row[key] === '',
  );
  if (missing.length > 0) return { error: `missing required field(s) ${missing.join(', ')}` };

  const doc: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key === '_id' || value === null) continue;
    const numeric = INTEGER_FIELDS.has(key) && typeof value === 'string' && /^\s*-?\d+\s*$/.test(value);
    doc[key] = numeric ? Number(value) : value;
  }
  doc['description'] ??= '';
  doc['priority'] ??= 'Normal';
  doc['status'] ??= 'Not Started';
  doc['completed_on'] ??= '';
  doc['tenant_id'] ??= defaults.tenantId;
  doc['user_id'] ??= defaults.userId;
  doc['add_by'] ??= doc['user_id'];
  doc['active'] ??= 1;
  doc['deleted'] ??= 0;
  doc['createdon'] ??= defaults.importedAt.toISOString();
  doc['updatedon'] ??= doc['createdon'];
  doc['id'] = id;
  doc['ukey'] = `${String(doc['tenant_id'])}000${id}`;
  doc[BATCH_FIELD] = stamp.batch;
  if (stamp.run === undefined) delete doc[RUN_FIELD];
  else doc[RUN_FIELD] = stamp.run;

  const parsed = taskSchema.safeParse(doc);
  if (parsed.success) return { doc: parsed.data };
  return { error: describeIssues(parsed.error) };
}
