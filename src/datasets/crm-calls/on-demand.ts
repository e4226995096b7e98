import type * as Columns from './columns';
import type * as RowImport from './import';
import type * as Schema from './schema';

/*
 * The calls' zod schemas and what is built on them (the CSV columns, the row import), loaded
 * on first use: loading zod takes ~37 ms (docs/performance.md, "Start-up"), and a seed run
 * (`up`, `down`, generate to JSON) never validates a document; verify, import and CSV do.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
export const callsSchemas = (): typeof Schema => require('./schema') as typeof Schema;
export const callsColumns = (): typeof Columns => require('./columns') as typeof Columns;
export const callsRowImport = (): typeof RowImport => require('./import') as typeof RowImport;
/* eslint-enable @typescript-eslint/no-require-imports */

/** The schemas as properties read on access, for the package's exports (src/index.ts). */
export const onDemand = {
  get callSchema(): typeof Schema.callSchema {
    return callsSchemas().callSchema;
  },
  get activityLogSchema(): typeof Schema.activityLogSchema {
    return callsSchemas().activityLogSchema;
  },
};
