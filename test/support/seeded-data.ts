import type { Db } from 'mongodb';
import { activityLogSchema, callSchema, describeIssues, withoutMongoId } from 'crm-calls-seed/internal';
import type { ActivityLogDoc, CallDoc } from 'crm-calls-seed/internal';

/** Asserts what every seeded batch must satisfy; returns its schema-checked calls and logs. */
export async function expectValidBatch(
  db: Db,
  batch: string,
  count: number,
): Promise<{ calls: CallDoc[]; logs: ActivityLogDoc[] }> {
  const rawCalls = await db.collection('calls').find({ seed_batch: batch }).sort({ id: 1 }).toArray();
  const rawLogs = await db.collection('activity_logs').find({ seed_batch: batch }).sort({ id: 1 }).toArray();
  expect(rawCalls).toHaveLength(count);
  expect(rawLogs).toHaveLength(count);

  const calls = rawCalls.map((doc): CallDoc => {
    const parsed = callSchema.safeParse(withoutMongoId(doc));
    if (!parsed.success) throw new Error(`call ${String(doc['id'])}: ${describeIssues(parsed.error)}`);
    return parsed.data;
  });
  const logs = rawLogs.map((doc): ActivityLogDoc => {
    const parsed = activityLogSchema.safeParse(withoutMongoId(doc));
    if (!parsed.success) throw new Error(`log ${String(doc['id'])}: ${describeIssues(parsed.error)}`);
    return parsed.data;
  });

  expectContiguous(calls.map((c) => c.id));
  expectContiguous(logs.map((l) => l.id));
  expect(new Set(calls.map((c) => c.ukey)).size).toBe(count);

  // Every log points at a call of the batch, one log per call, with metadata copied from it.
  const byId = new Map(calls.map((c) => [c.id, c]));
  expect(new Set(logs.map((l) => l.entity_id)).size).toBe(count);
  for (const log of logs) {
    const call = byId.get(log.entity_id);
    if (!call)
      throw new Error(`log ${log.id} points at call ${log.entity_id}, which is not in batch ${batch}`);
    const { call_for, call_for_id, type, purpose, start_time } = call;
    expect(log.metadata).toEqual({ call_for, call_for_id, type, purpose, start_time });
  }
  return { calls, logs };
}

function expectContiguous(ids: number[]): void {
  expect(new Set(ids).size).toBe(ids.length);
  const sorted = [...ids].sort((a, b) => a - b);
  expect(sorted[sorted.length - 1]! - sorted[0]!).toBe(ids.length - 1);
}
