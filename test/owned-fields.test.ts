import { ObjectId } from 'mongodb';
import type { CollectionSpec } from 'crm-calls-seed';
import { checkDataset, generateDataset, preflightDataset } from 'crm-calls-seed/internal';
import type { BuiltDataset, DatasetPlan } from 'crm-calls-seed/internal';

type Make = CollectionSpec['make'];

function planOf(collections: CollectionSpec[], runId?: string): DatasetPlan {
  const spec: BuiltDataset = { name: 'owned', collections, links: [], linkNames: [] };
  return {
    batch: 'b-1',
    seed: 42,
    refDate: new Date('2025-10-10T12:00:00Z'),
    spec,
    totals: checkDataset(spec, 'test dataset'),
    existing: new Map(),
    runId,
  };
}

function docsOf(plan: DatasetPlan): Record<string, unknown>[] {
  const docs: Record<string, unknown>[] = [];
  for (const chunk of generateDataset(plan, { tasks: 7 }, 20))
    for (const g of chunk.groups) docs.push(...g.docs);
  return docs;
}

const tasks = (make: Make, ids?: 'objectId'): CollectionSpec[] => [{ name: 'tasks', count: 50, ids, make }];

describe('the fields the engine owns (id, marker, run identity), checked on every document', () => {
  test('are written after what make() returns, in the order id, marker, run', () => {
    const [first] = docsOf(
      planOf(
        tasks(() => ({ title: 'T' })),
        'run-1',
      ),
    );
    expect(Object.entries(first!)).toEqual([
      ['title', 'T'],
      ['id', 7],
      ['seed_batch', 'b-1'],
      ['seed_run', 'run-1'],
    ]);
  });

  test("make() may return them with the engine's values, an ObjectId of another copy by its hex", () => {
    expect(
      docsOf(
        planOf(
          tasks(({ id }) => ({ id, seed_batch: 'b-1', seed_run: 'r' })),
          'r',
        ),
      ),
    ).toHaveLength(50);
    const copy: Make = ({ id }) => ({ _id: new ObjectId((id as ObjectId).toHexString()) });
    expect(docsOf(planOf(tasks(copy, 'objectId')))).toHaveLength(50);
  });

  test.each<[string, Make, string | undefined, RegExp]>([
    [
      'another id',
      ({ id }) => ({ id: (id as number) + 1 }),
      undefined,
      /returned id: \d+ for document 0, but the engine sets id/,
    ],
    ['an id of undefined', () => ({ id: undefined }), undefined, /returned id: undefined for document 0/],
    ['another marker', () => ({ seed_batch: 'other' }), undefined, /returned seed_batch: "other"/],
    [
      'another run',
      () => ({ seed_run: 'other' }),
      'mine',
      /returned seed_run: "other".*sets seed_run \(to "mine"\)/,
    ],
  ])('make() returning %s is refused before anything is written', (_what, make, runId, message) => {
    expect(() => preflightDataset(planOf(tasks(make), runId))).toThrow(message);
  });

  test('a later document is checked as the first is, and named', () => {
    const late: Make = ({ index }) => (index === 33 ? { seed_batch: 'late' } : {});
    expect(() => docsOf(planOf(tasks(late)))).toThrow(/returned seed_batch: "late" for document 33/);
    const oid: Make = ({ index }) => (index === 40 ? { _id: 'x' } : {});
    expect(() => docsOf(planOf(tasks(oid, 'objectId')))).toThrow(/returned _id: "x" for document 40/);
  });
});
