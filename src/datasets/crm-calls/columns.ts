import { activityLogSchema, callSchema, RUN_FIELD } from './schema';

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
