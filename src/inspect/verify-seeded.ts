import type { Db } from 'mongodb';
import type { Settings } from '../config/settings-table';
import { ACTIVITY_LOGS, BATCH_FIELD, CALLS } from '../write/collections';
import { highestId } from '../write/id-blocks';
import { collector, scanSeeded } from './scan-seeded';
import type { Problem } from './scan-seeded';

export interface Check {
  /** What was checked, e.g. "calls pass the schema". */
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

const EXAMPLES = 5;
/** Duplicate groups looked at one by one; beyond that they are counted as "at least". */
const DUPLICATE_GROUPS_CHECKED = 1000;

/**
 * Everything verify promises: seeded documents pass the schema, every seeded log has its
 * seeded call and every seeded call its log, ids and ukeys are unique wherever a seeded
 * document is involved, and the counters are ahead of the highest ids.
 */
export async function verifySeeded(
  db: Db,
  settings: Settings,
  onProgress?: (done: number, total: number) => void,
): Promise<Verification> {
  const scan = await scanSeeded(db, {
    validate: true,
    examples: EXAMPLES,
    ...(onProgress ? { onProgress } : {}),
  });
  const checks: Check[] = [
    { name: 'seeded calls pass the schema', problem: scan.invalidCalls },
    { name: 'seeded activity logs pass the schema', problem: scan.invalidLogs },
    { name: 'every seeded activity log has its seeded call', problem: scan.logsWithoutCall },
    { name: 'every seeded call has its seeded activity log', problem: scan.callsWithoutLog },
    { name: 'call ids are unique', problem: await duplicates(db, CALLS, 'id') },
    { name: 'call ukeys are unique', problem: await duplicates(db, CALLS, 'ukey') },
    { name: 'activity log ids are unique', problem: await duplicates(db, ACTIVITY_LOGS, 'id') },
    {
      name: 'the calls counter is ahead of the highest call id',
      problem: await counterLag(db, settings, CALLS),
    },
    {
      name: 'the activity_logs counter is ahead of the highest log id',
      problem: await counterLag(db, settings, ACTIVITY_LOGS),
    },
  ];
  const count = (pick: (b: (typeof scan.batches)[number]) => number): number =>
    scan.batches.reduce((sum, b) => sum + pick(b), 0);
  return {
    ok: checks.every((c) => c.problem.count === 0),
    calls: count((b) => b.calls),
    logs: count((b) => b.logs),
    batches: scan.batches.length,
    checks,
  };
}

/**
 * Values of `field` held by more than one document of which at least one is seeded. The
 * grouping uses only $sum (FerretDB's $group has no $min/$max/$push); each duplicate value
 * is then looked up, which is cheap because duplicates are rare.
 */
async function duplicates(db: Db, collection: string, field: string): Promise<Problem> {
  const found = collector(EXAMPLES);
  const groups = db
    .collection(collection)
    .aggregate<{ _id: unknown; n: number }>(
      [
        { $match: { [field]: { $exists: true } } },
        { $group: { _id: `$${field}`, n: { $sum: 1 } } },
        { $match: { n: { $gt: 1 } } },
      ],
      { allowDiskUse: true },
    );
  let checked = 0;
  let unchecked = 0;
  for await (const group of groups) {
    if (checked >= DUPLICATE_GROUPS_CHECKED) {
      unchecked++;
      continue;
    }
    checked++;
    const holders = await db
      .collection(collection)
      .find({ [field]: group._id }, { projection: { _id: 0, id: 1, [BATCH_FIELD]: 1 } })
      .toArray();
    const seeded = holders.filter((h) => h[BATCH_FIELD] !== undefined);
    if (seeded.length === 0) continue;
    const who = holders.map((h) =>
      h[BATCH_FIELD] === undefined ? 'unmarked' : `batch ${String(h[BATCH_FIELD])}`,
    );
    found.add(
      `${collection}.${field} ${JSON.stringify(group._id)} is held by ${group.n} documents (${who.join(', ')})`,
    );
  }
  const result = found.result();
  if (unchecked === 0) return result;
  return {
    count: result.count,
    examples: [...result.examples, `... and ${unchecked} more duplicate values not examined`],
  };
}

/** The app's get_next_id must hand out ids above every existing one. */
async function counterLag(db: Db, settings: Settings, sequence: string): Promise<Problem> {
  const highest = await highestId(db, sequence);
  if (highest === 0) return { count: 0, examples: [] };
  const counter = await db
    .collection(settings.countersCollection)
    .findOne({ [settings.counterKeyField]: sequence });
  const where = `${settings.countersCollection}.${sequence}`;
  if (!counter) {
    return {
      count: 1,
      examples: [`counter ${where} is missing while "${sequence}" holds ids up to ${highest}`],
    };
  }
  const seq: unknown = counter[settings.counterSeqField];
  if (typeof seq !== 'number' || seq < highest) {
    return {
      count: 1,
      examples: [
        `counter ${where} is at ${JSON.stringify(seq)} but "${sequence}" holds id ${highest}; ` +
          `set "${settings.counterSeqField}" to at least ${highest}`,
      ],
    };
  }
  return { count: 0, examples: [] };
}
