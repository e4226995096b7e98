import type { Db, Document } from 'mongodb';
import {
  activityLogSchema,
  BATCH_FIELD,
  callSchema,
  describeIssues,
  withoutMongoId,
} from '../schema/call-schema';
import { ACTIVITY_LOGS, CALLS } from '../write/collections';
import { IdIndexBuilder } from './id-index';

/** Only documents carrying a marker are ever scanned as "seeded". */
export const SEEDED = { [BATCH_FIELD]: { $exists: true } } as const;

export interface Range<T> {
  readonly first: T;
  readonly last: T;
}

/** What one marker holds in both collections. */
export interface BatchFigures {
  readonly batch: string;
  calls: number;
  callIds: Range<number> | null;
  startTime: Range<string> | null;
  logs: number;
  logIds: Range<number> | null;
  /** Seeded logs of this batch whose call (same id, same marker) is gone. */
  logsWithoutCall: number;
  /** Seeded calls of this batch without a seeded log pointing at them. */
  callsWithoutLog: number;
}

export interface Problem {
  readonly count: number;
  /** The first few, one line each. */
  readonly examples: string[];
}

export interface ScanResult {
  readonly batches: BatchFigures[];
  readonly logsWithoutCall: Problem;
  readonly callsWithoutLog: Problem;
  /** Only when scanned with validate: documents failing the schema. */
  readonly invalidCalls: Problem;
  readonly invalidLogs: Problem;
}

export interface ScanOptions {
  /** Read whole documents and check each against the schema (verify); else ids only (stats). */
  readonly validate: boolean;
  readonly examples?: number;
  /** Seeded documents per collection if the caller has counted them already (for progress). */
  readonly counts?: { readonly calls: number; readonly logs: number };
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * One streaming pass over the seeded calls, one over the seeded logs, with projections and
 * server-side cursors: no $lookup, no $min/$max (FerretDB has neither), and memory that
 * grows by about 9 bytes per seeded call (the id index), not by whole documents.
 */
export async function scanSeeded(db: Db, options: ScanOptions): Promise<ScanResult> {
  const keep = options.examples ?? 5;
  const calls = db.collection(CALLS);
  const logs = db.collection(ACTIVITY_LOGS);
  const [callTotal, logTotal] = await Promise.all([
    calls.countDocuments(SEEDED),
    logs.countDocuments(SEEDED),
  ]);
  const total = callTotal + logTotal;
  let done = 0;
  const tick = (): void => {
    done++;
    if (done % 1000 === 0 || done === total) options.onProgress?.(done, total);
  };

  const batches: BatchFigures[] = [];
  const batchNo = new Map<string, number>();
  const figuresOf = (marker: unknown): [number, BatchFigures] => {
    const name = String(marker);
    let no = batchNo.get(name);
    if (no === undefined) {
      no = batches.length;
      batchNo.set(name, no);
      batches.push({
        batch: name,
        calls: 0,
        callIds: null,
        startTime: null,
        logs: 0,
        logIds: null,
        logsWithoutCall: 0,
        callsWithoutLog: 0,
      });
    }
    return [no, batches[no] as BatchFigures];
  };

  const invalidCalls = collector(keep);
  const invalidLogs = collector(keep);
  const logsWithoutCall = collector(keep);
  const callsWithoutLog = collector(keep);
  const index = new IdIndexBuilder();

  const callProjection = options.validate ? undefined : { _id: 0, id: 1, start_time: 1, [BATCH_FIELD]: 1 };
  for await (const doc of calls.find(SEEDED, { projection: callProjection, batchSize: 5000 })) {
    const [no, figures] = figuresOf(doc[BATCH_FIELD]);
    figures.calls++;
    figures.callIds = widen(figures.callIds, doc['id']);
    figures.startTime = widenTime(figures.startTime, doc['start_time']);
    index.add(doc['id'], no);
    if (options.validate) {
      const parsed = callSchema.safeParse(withoutMongoId(doc));
      if (!parsed.success) invalidCalls.add(`call ${describe(doc)}: ${describeIssues(parsed.error)}`);
    }
    tick();
  }

  const callIndex = index.build();
  const logProjection = options.validate ? undefined : { _id: 0, id: 1, entity_id: 1, [BATCH_FIELD]: 1 };
  for await (const doc of logs.find(SEEDED, { projection: logProjection, batchSize: 5000 })) {
    const [no, figures] = figuresOf(doc[BATCH_FIELD]);
    figures.logs++;
    figures.logIds = widen(figures.logIds, doc['id']);
    if (!callIndex.mark(doc['entity_id'], no)) {
      figures.logsWithoutCall++;
      logsWithoutCall.add(
        `log ${describe(doc)} points at call ${JSON.stringify(doc['entity_id'])}, which is not in that batch`,
      );
    }
    if (options.validate) {
      const parsed = activityLogSchema.safeParse(withoutMongoId(doc));
      if (!parsed.success) invalidLogs.add(`log ${describe(doc)}: ${describeIssues(parsed.error)}`);
    }
    tick();
  }

  for (const { id, batchNo: no } of callIndex.unmarked()) {
    const figures = batches[no] as BatchFigures;
    figures.callsWithoutLog++;
    callsWithoutLog.add(`call ${id} of batch ${figures.batch} has no activity log`);
  }

  batches.sort((a, b) => a.batch.localeCompare(b.batch));
  return {
    batches,
    logsWithoutCall: logsWithoutCall.result(),
    callsWithoutLog: callsWithoutLog.result(),
    invalidCalls: invalidCalls.result(),
    invalidLogs: invalidLogs.result(),
  };
}

function describe(doc: Document): string {
  return `${JSON.stringify(doc['id'])} of batch ${String(doc[BATCH_FIELD])}`;
}

function widen(range: Range<number> | null, value: unknown): Range<number> | null {
  if (typeof value !== 'number') return range;
  if (!range) return { first: value, last: value };
  return { first: Math.min(range.first, value), last: Math.max(range.last, value) };
}

/** Oldest/newest by instant, keeping the stored text (formats with offsets compare correctly). */
function widenTime(range: Range<string> | null, value: unknown): Range<string> | null {
  if (typeof value !== 'string') return range;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return range;
  if (!range) return { first: value, last: value };
  return {
    first: ms < Date.parse(range.first) ? value : range.first,
    last: ms > Date.parse(range.last) ? value : range.last,
  };
}

export function collector(keep: number): { add(line: string): void; result(): Problem } {
  let count = 0;
  const examples: string[] = [];
  return {
    add(line) {
      count++;
      if (examples.length < keep) examples.push(line);
    },
    result: () => ({ count, examples }),
  };
}
