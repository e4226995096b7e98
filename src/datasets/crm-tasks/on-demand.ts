import type * as Schema from './schema';
import type * as RowImport from './task-from-row';

/*
 * The tasks' zod schema and the row import built on it, loaded on first use: loading zod takes
 * ~37 ms (docs/performance.md, "Start-up"), and a seed run never validates a document.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
export const tasksSchemas = (): typeof Schema => require('./schema') as typeof Schema;
export const tasksRowImport = (): typeof RowImport => require('./task-from-row') as typeof RowImport;
/* eslint-enable @typescript-eslint/no-require-imports */
