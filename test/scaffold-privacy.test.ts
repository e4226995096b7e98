import { classify, CollectionProfiler, FieldStream, generateAll, planOf } from 'crm-calls-seed/internal';
import { defineDataset, scaffoldedCollections } from 'crm-calls-seed';
import type { FieldSpecs } from 'crm-calls-seed';

/** The privacy rules and the stratified draws, without a database. */
async function specsOf(docs: Record<string, unknown>[], collection = 'people') {
  const profiler = new CollectionProfiler();
  for (const doc of docs) await profiler.add(doc);
  return classify(profiler.finish(), {
    collection,
    skip: new Set(),
    uniqueIndexes: new Set(),
    references: new Map(),
    refMs: Date.parse('2025-10-10T12:00:00Z'),
  });
}

const repeat = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));
const kindOf = (fields: FieldSpecs, path: string): string | undefined => fields[path]?.string?.kind;

describe('what scaffold keeps of the source', () => {
  test('a value is kept as a category only when seen at least 5 times', async () => {
    const docs = [
      ...repeat(60, () => ({ plan: 'basic' })),
      ...repeat(35, () => ({ plan: 'pro' })),
      ...repeat(5, () => ({ plan: 'team' })),
      ...repeat(4, () => ({ plan: 'legacy-gold' })),
    ];
    const { fields, kept } = await specsOf(docs);
    expect(fields['plan']?.string).toEqual({
      kind: 'category',
      values: [
        ['basic', 0.6],
        ['pro', 0.35],
        ['team', 0.05],
      ],
    });
    expect(kept).toEqual([
      {
        collection: 'people',
        path: 'plan',
        values: [
          ['basic', 60],
          ['pro', 35],
          ['team', 5],
        ],
      },
    ]);
  });

  test('personal data is never a category, whatever its count', async () => {
    const docs = repeat(300, (i) => ({
      email: ['ada@corp.test', 'bob@corp.test', 'cy@corp.test'][i % 3],
      first_name: ['Ada', 'Bob', 'Cy'][i % 3],
      phone: ['+44 1234 567890', '+44 1234 567891'][i % 2],
      address: { city: ['Leeds', 'York'][i % 2], street: '1 High Street', country: ['GB', 'FR'][i % 2] },
      note: [
        'Called about the renewal of the contract next quarter',
        'Asked for a demo of the new reporting module',
      ][i % 2],
      owner: ['Grace Hopper', 'Alan Turing'][i % 2],
    }));
    const { fields, kept } = await specsOf(docs);
    expect(kindOf(fields, 'email')).toBe('email');
    expect(kindOf(fields, 'first_name')).toBe('firstName');
    expect(kindOf(fields, 'phone')).toBe('shape');
    expect(kindOf(fields, 'address.city')).toBe('city');
    expect(kindOf(fields, 'address.street')).toBe('street');
    expect(kindOf(fields, 'note')).toBe('sentence');
    expect(kindOf(fields, 'owner')).toBe('personName');
    // A country is coarse: it may be a category.
    expect(kept.map((k) => k.path)).toEqual(['address.country']);
    const text = JSON.stringify(fields);
    for (const value of ['ada@corp.test', 'Ada', '567890', 'Leeds', 'High Street', 'renewal', 'Grace']) {
      expect(text).not.toContain(value);
    }
  });

  test('a bare name of an accounts collection is a company’s', async () => {
    const { fields } = await specsOf(
      repeat(50, (i) => ({ name: `Harbor Quill ${i}` })),
      'accounts',
    );
    expect(kindOf(fields, 'name')).toBe('company');
  });

  test('quantiles average 5 values: the extremes are no one document’s value', async () => {
    const docs = repeat(100, (i) => ({ amount: i === 99 ? 1_000_000 : i + 0.5 }));
    const { fields } = await specsOf(docs);
    const q = (fields['amount']?.double as { quantiles: readonly (readonly [number, number])[] }).quantiles;
    expect(q[0]).toEqual([0, 2.5]);
    expect(q[q.length - 1]![1]).toBeCloseTo((95.5 + 96.5 + 97.5 + 98.5 + 1_000_000) / 5, 6);
    expect(q.some(([, v]) => v === 1_000_000)).toBe(false);
  });
});

describe('stratified draws', () => {
  test('over a batch of n documents, a field’s draws fall one in each of n strata', () => {
    for (const n of [1, 7, 300, 1000]) {
      const stream = new FieldStream(12345, n);
      const strata = new Set<number>();
      for (let i = 0; i < n; i++) {
        stream.start(i);
        strata.add(Math.floor(stream.rank() * n));
      }
      expect(strata.size).toBe(n);
    }
  });

  test('two fields draw independently', () => {
    const n = 2000;
    const a = new FieldStream(1, n);
    const b = new FieldStream(2, n);
    let both = 0;
    for (let i = 0; i < n; i++) {
      a.start(i);
      b.start(i);
      if (a.rank() < 0.5 && b.rank() < 0.5) both++;
    }
    expect(both / n).toBeGreaterThan(0.22);
    expect(both / n).toBeLessThan(0.28);
  });
});

describe('unique values', () => {
  test('unique phones, emails and UUIDs stay distinct over a batch', () => {
    const dataset = defineDataset({
      name: 'unique-check',
      collections: (_o, run) =>
        scaffoldedCollections({ seed: run.seed }, [
          {
            name: 'people',
            count: 20_000,
            ids: 'objectId',
            fields: {
              phone: {
                presence: 1,
                types: { string: 1 },
                string: { kind: 'shape', shapes: [['+dd dddd dddddd', 1]] },
                unique: true,
              },
              email: { presence: 1, types: { string: 1 }, string: { kind: 'email' }, unique: true },
              uuid: { presence: 1, types: { string: 1 }, string: { kind: 'uuid' }, unique: true },
            },
          },
        ]),
    });
    const docs = generateAll(planOf(dataset, { randomSeed: 3 }))['people']!;
    for (const field of ['phone', 'email', 'uuid']) {
      expect(new Set(docs.map((d) => d[field])).size).toBe(docs.length);
    }
    expect(docs[0]!['phone']).toMatch(/^\+\d{2} \d{4} \d{6}$/);
  });
});
