import { activityLogSchema, callSchema, RUN_FIELD } from '../schema/call-schema';

/**
 * CSV columns, in the schema's field order. Logs carry one nested object (metadata), which a
 * CSV file holds as dotted columns: metadata.call_for, metadata.type, ... A file carries no
 * run identity: generate writes none, and import gives every row its own run's.
 */
export const CALL_COLUMNS: readonly string[] = Object.keys(callSchema.shape).filter((k) => k !== RUN_FIELD);

export const LOG_COLUMNS: readonly string[] = Object.entries(activityLogSchema.shape)
  .filter(([key]) => key !== RUN_FIELD)
  .flatMap(([key]) =>
    key === 'metadata'
      ? Object.keys(activityLogSchema.shape.metadata.shape).map((sub) => `metadata.${sub}`)
      : [key],
  );

/** {a: 1, metadata: {b: 2}} -> {a: 1, 'metadata.b': 2}: one level, which is all the schema has. */
export function flattenDoc(doc: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [sub, inner] of Object.entries(value)) flat[`${key}.${sub}`] = inner;
    } else {
      flat[key] = value;
    }
  }
  return flat;
}
