import { createHash } from 'node:crypto';
import { crmCalls } from 'crm-calls-seed';
import {
  activityLogSchema,
  BUILT_IN_VALUES,
  createIsoFormatter,
  createRandom,
  callSchema,
  describeIssues,
  generateAll,
  generateDataset,
  planOf,
} from 'crm-calls-seed/internal';
import type { ActivityLogDoc, CallDoc, DatasetPlan } from 'crm-calls-seed/internal';

const REF = new Date('2025-10-10T12:00:00Z');
const DAY = 86_400_000;

function plan(values: Record<string, unknown> = {}, batch = 'unit-batch'): DatasetPlan {
  return planOf(crmCalls, values, { batch, now: REF });
}

function generate(p: DatasetPlan, chunkSize = 1000): { calls: CallDoc[]; logs: ActivityLogDoc[] } {
  const docs = generateAll(p, chunkSize);
  return { calls: docs['calls'] as CallDoc[], logs: docs['activity_logs'] as ActivityLogDoc[] };
}

describe('generated calls (pure, no database)', () => {
  const { calls, logs } = generate(plan({ calls: 2000, randomSeed: 7 }));
  const distinct = (f: (c: CallDoc) => unknown) => new Set(calls.map(f)).size;

  test('every call and log passes the schema', () => {
    for (const doc of calls) {
      const r = callSchema.safeParse(doc);
      if (!r.success) throw new Error(describeIssues(r.error));
    }
    for (const doc of logs) {
      const r = activityLogSchema.safeParse(doc);
      if (!r.success) throw new Error(describeIssues(r.error));
    }
  });

  test('has at least the original variety', () => {
    expect(BUILT_IN_VALUES.subjects.length).toBeGreaterThanOrEqual(20);
    expect(distinct((c) => c.subject)).toBe(BUILT_IN_VALUES.subjects.length);
    expect(distinct((c) => c.type)).toBe(2);
    expect(distinct((c) => c.purpose)).toBe(10);
    expect(distinct((c) => c.agenda)).toBe(10);
    expect(distinct((c) => (c.result === '' ? undefined : c.result))).toBe(11); // 10 results + open calls
    expect(distinct((c) => (c.duration === '' ? undefined : c.duration))).toBe(8); // 7 durations + open calls
    expect(distinct((c) => c.status_id)).toBe(5);
    expect(new Set(calls.flatMap((c) => [c.call_for, c.related_to]))).toEqual(
      new Set(['Lead', 'Contact', 'Account', 'Deal']),
    );
  });

  test('is coherent: phone numbers by direction, closed past calls, open future ones', () => {
    for (const c of calls) {
      const start = Date.parse(c.start_time);
      if (c.type === 'inbound') {
        expect(c.caller_id).toMatch(/^\d{10}$/);
        expect(c.dialled_number).toBe('');
      } else {
        expect(c.dialled_number).toMatch(/^\d{10}$/);
        expect(c.caller_id).toBe('');
      }
      if (start < REF.getTime()) {
        expect([c.closed, c.result !== '', c.duration !== '']).toEqual([1, true, true]);
      } else {
        expect([c.closed, c.result, c.duration]).toEqual([0, '', '']);
      }
      expect(Date.parse(c.createdon)).toBeLessThanOrEqual(REF.getTime());
      expect(Date.parse(c.updatedon)).toBeGreaterThanOrEqual(Date.parse(c.createdon));
      expect(start).toBeGreaterThanOrEqual(REF.getTime() - 31 * DAY);
      expect([c.active, c.deletable, c.deleted]).toEqual([1, 1, 0]);
    }
  });

  test("fills the views the app shows: today, scheduled, and the seed user's own calls", () => {
    const today = REF.toISOString().slice(0, 10);
    const share = (f: (c: CallDoc) => boolean) => calls.filter(f).length / calls.length;
    expect(share((c) => c.start_time.startsWith(today))).toBeGreaterThan(0.05);
    expect(share((c) => c.closed === 0)).toBeGreaterThan(0.1);
    expect(share((c) => c.owner_id === 1)).toBeGreaterThan(0.3);
    expect(share((c) => c.type === 'inbound')).toBeGreaterThan(0.4);
    expect(share((c) => c.type === 'inbound')).toBeLessThan(0.6);
  });

  test('logs are "call_created" entries linked to their call', () => {
    logs.forEach((log, i) => {
      const call = calls[i]!;
      expect(log).toMatchObject({ activity_type: 'call_created', entity_type: 'call', entity_id: call.id });
      expect(log.title).toContain(call.subject);
      expect(log.timestamp).toBe(call.createdon);
    });
  });
});

describe('determinism', () => {
  test('the same seed gives the same documents whatever the chunk size', () => {
    const a = generate(plan({ calls: 1500, randomSeed: 42 }), 1000);
    const b = generate(plan({ calls: 1500, randomSeed: 42 }), 7);
    expect(b).toEqual(a);
  });

  test('a different seed gives different documents', () => {
    const a = generate(plan({ calls: 50, randomSeed: 1 }));
    const b = generate(plan({ calls: 50, randomSeed: 2 }));
    expect(b.calls).not.toEqual(a.calls);
  });

  test('without a seed, the batch name picks one, so a seed file is reproducible', () => {
    expect(plan({}, 'batch-a').seed).toBe(plan({}, 'batch-a').seed);
    expect(plan({}, 'batch-a').seed).not.toBe(plan({}, 'batch-b').seed);
  });

  test.each([1, 20251010])('seed %i gives the recorded documents', (seed) => {
    const { calls, logs } = generate(plan({ calls: 3, randomSeed: seed }));
    expect({ calls, logs }).toMatchSnapshot();
  });
});

describe('generation options', () => {
  test('an explicit --from/--to window bounds start times', () => {
    const from = '2025-01-01T00:00:00Z';
    const to = '2025-02-01T00:00:00Z';
    const { calls } = generate(plan({ calls: 500, from, to }));
    for (const c of calls) {
      expect(Date.parse(c.start_time)).toBeGreaterThanOrEqual(Date.parse(from));
      expect(Date.parse(c.start_time)).toBeLessThan(Date.parse(to));
      expect(c.closed).toBe(1); // the whole window is before the reference date
    }
  });

  test('custom value lists replace or extend the built-in ones', () => {
    const replaced = generate(plan({ calls: 300, subjects: ['Only subject'], valuesMode: 'replace' })).calls;
    expect(new Set(replaced.map((c) => c.subject))).toEqual(new Set(['Only subject']));
    const extended = generate(plan({ calls: 3000, subjects: 'Extra one,Extra two' })).calls;
    const subjects = new Set(extended.map((c) => c.subject));
    expect(subjects.has('Extra one') && subjects.has('Product demo')).toBe(true);
  });

  test('shares of inbound and future calls follow the options', () => {
    const { calls } = generate(plan({ calls: 1000, inboundShare: 1, futureShare: 0 }));
    expect(calls.every((c) => c.type === 'inbound')).toBe(true);
    expect(calls.every((c) => Date.parse(c.start_time) < REF.getTime() + DAY)).toBe(true);
  });
});

describe('the same seed gives the same documents whatever the batch size and concurrency', () => {
  test('generation alone: chunk sizes 1, 333 and 10,000 give byte-identical output', () => {
    const p = plan({ calls: 10_000, randomSeed: 99 }, 'same-docs');
    // Calls and logs hashed apart: only the documents count, not where the chunks split them.
    const digest = (chunkSize: number): string => {
      const calls = createHash('sha256');
      const logs = createHash('sha256');
      for (const chunk of generateDataset(p, {}, chunkSize)) {
        for (const group of chunk.groups) {
          const hash = group.collection === 'calls' ? calls : logs;
          for (const doc of group.docs) hash.update(JSON.stringify(doc));
        }
      }
      return `${calls.digest('hex')} ${logs.digest('hex')}`;
    };
    const expected = digest(10_000);
    expect(digest(1)).toBe(expected);
    expect(digest(333)).toBe(expected);
  });
});

describe('timestamps', () => {
  test('the cached ISO formatter writes exactly what Date#toISOString writes', () => {
    const iso = createIsoFormatter();
    const random = createRandom(5);
    const span = Date.UTC(10_100, 0, 1) - Date.UTC(-100, 0, 1);
    const instants = [
      0,
      -1,
      1,
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
    ];
    for (let i = 0; i < 20_000; i++) {
      const ms = Date.UTC(-100, 0, 1) + Math.floor(random.next() * span);
      // Whole minutes (what generation mostly makes) and arbitrary milliseconds.
      instants.push(ms, ms - (((ms % 60_000) + 60_000) % 60_000));
    }
    for (const ms of instants) expect(iso(ms)).toBe(new Date(ms).toISOString());
  });
});
