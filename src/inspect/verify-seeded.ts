import type { Db } from 'mongodb';
import type { CounterConfig } from '../write/id-blocks';
import { ACTIVITY_LOGS, CALLS } from '../write/collections';
import { scanSeeded } from './scan-seeded';
import type { Problem } from './scan-seeded';

export interface Check {
  /** What was checked, e.g. "seeded calls pass the schema". */
  readonly name: string;
  readonly problem: Problem;
}

export interface Verification {
  readonly ok: boolean;
  readonly calls: number;
  readonly logs: number;
  readonly batches: number;
  readonly checks: readonly Check[];
}

/**
 * Everything verify promises: seeded documents pass the schema, every seeded log has its
 * seeded call and every seeded call its log, ids and ukeys are unique wherever a seeded
 * document is involved, and the app's counters are ahead of the highest ids. Two passes per
 * collection (see scanSeeded) plus one lookup per counter.
 */
export async function verifySeeded(
  db: Db,
  counter: CounterConfig,
  onProgress?: (done: number, total: number) => void,
): Promise<Verification> {
  const scan = await scanSeeded(db, { verify: true, examples: 5, ...(onProgress ? { onProgress } : {}) });
  const { calls, activity_logs: logs } = scan.collections;
  const checks: Check[] = [
    { name: 'seeded calls pass the schema', problem: scan.invalidCalls },
    { name: 'seeded activity logs pass the schema', problem: scan.invalidLogs },
    { name: 'every seeded activity log has its seeded call', problem: scan.logsWithoutCall },
    { name: 'every seeded call has its seeded activity log', problem: scan.callsWithoutLog },
    { name: 'call ids are unique', problem: scan.duplicateCallIds },
    { name: 'call ukeys are unique', problem: scan.duplicateCallUkeys },
    { name: 'activity log ids are unique', problem: scan.duplicateLogIds },
    {
      name: 'the calls counter is ahead of the highest call id',
      problem: await counterLag(db, counter, CALLS, calls.highestId),
    },
    {
      name: 'the activity_logs counter is ahead of the highest log id',
      problem: await counterLag(db, counter, ACTIVITY_LOGS, logs.highestId),
    },
  ];
  return {
    ok: checks.every((c) => c.problem.count === 0),
    calls: calls.seeded,
    logs: logs.seeded,
    batches: scan.batches.length,
    checks,
  };
}

/** The app's get_next_id must hand out ids above every existing one. */
async function counterLag(
  db: Db,
  counter: CounterConfig,
  sequence: string,
  highest: number,
): Promise<Problem> {
  if (highest === 0) return { count: 0, examples: [] };
  const doc = await db.collection(counter.collection).findOne({ [counter.keyField]: sequence });
  const where = `${counter.collection}.${sequence}`;
  if (!doc) {
    return {
      count: 1,
      examples: [`counter ${where} is missing while "${sequence}" holds ids up to ${highest}`],
    };
  }
  const seq: unknown = doc[counter.seqField];
  if (typeof seq !== 'number' || seq < highest) {
    return {
      count: 1,
      examples: [
        `counter ${where} is at ${JSON.stringify(seq)} but "${sequence}" holds id ${highest}; ` +
          `set "${counter.seqField}" to at least ${highest}`,
      ],
    };
  }
  return { count: 0, examples: [] };
}
