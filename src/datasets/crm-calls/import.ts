import type { RowImport } from '../../dataset/contract';
import { activityLogForCall } from './activity-log-for-call';
import { callFromRow, REQUIRED_FIELDS } from './call-from-row';
import { ukeyOf } from './ukey';
import type { CallDoc } from './schema';

/** What rows without them get: the tenant and user (the app takes them from the caller's token), the import time. */
export interface CallImportDefaults {
  readonly tenantId: number;
  readonly userId: number;
  /** createdon/updatedon of rows without them, and past vs. scheduled for `closed`. */
  readonly importedAt: Date;
}

/**
 * Rows of a calls file as the CRM's calls: checked against the calls schema (numbers given as
 * text become numbers, optional fields get their defaults, id and ukey come from the counter),
 * each with the "call_created" activity log the app writes, and the tenant's ukeys counted.
 */
export function callsImport(
  collections: { calls: string; logs: string },
  defaults: CallImportDefaults,
): RowImport {
  return {
    collection: collections.calls,
    noun: 'call',
    row: (row, id, stamp) => {
      const result = callFromRow(row, id, { ...defaults, batch: stamp.batch, run: stamp.run });
      return 'error' in result ? result : { doc: result.call };
    },
    derived: [{ collection: collections.logs, make: (call, id) => activityLogForCall(call as CallDoc, id) }],
    idKeys: (call) => [ukeyOf(call['tenant_id'] as number)],
    hint: `Fields are named as in the calls schema; required: ${REQUIRED_FIELDS.join(', ')} (see docs/cli.md)`,
  };
}
