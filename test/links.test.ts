import { Double, Int32, Long } from 'mongodb';
import { removeSeedBatch, seedCalls } from 'crm-calls-seed';
import type { CallDoc } from 'crm-calls-seed';
import { cli } from './cli/support/cli';
import { openTestDb, snapshotDatabase } from './support/test-db';
import type { TestDb } from './support/test-db';

/**
 * Calls linked to the CRM that is there: two tenants' leads, contacts, accounts, deals and
 * users, some deleted. Every link of a seeded call must point at a live record of its tenant.
 */
const ENTITY_COLLECTIONS = ['leads', 'contacts', 'accounts', 'deals', 'users'];
const REF_DATE = '2025-10-10T12:00:00Z';

async function crmData(t: TestDb): Promise<void> {
  const people = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Edsger Dijkstra', 'Barbara Liskov'];
  const records = (base: number, tenant: number, n: number, extra: (i: number) => object) =>
    Array.from({ length: n }, (_, i) => ({
      id: base + i,
      tenant_id: tenant,
      deleted: i % 4 === 3 ? 1 : 0,
      ...extra(i),
    }));
  const names = (i: number) => {
    const [first, last] = people[i % people.length]!.split(' ');
    return { first_name: first, last_name: last };
  };
  await t.db.collection('leads').insertMany([...records(100, 1, 12, names), ...records(500, 2, 12, names)]);
  // Each contact belongs to an account of its tenant (some of them deleted).
  const ofAccount = (base: number) => (i: number) => ({ ...names(i), account_id: base + (i % 8) });
  await t.db
    .collection('contacts')
    .insertMany([...records(200, 1, 12, ofAccount(300)), ...records(600, 2, 12, ofAccount(700))]);
  await t.db
    .collection('accounts')
    .insertMany([
      ...records(300, 1, 8, (i) => ({ name: `Acme ${i} Ltd` })),
      ...records(700, 2, 8, (i) => ({ name: `Other ${i} GmbH` })),
    ]);
  await t.db
    .collection('deals')
    .insertMany([
      ...records(400, 1, 8, (i) => ({ name: `Deal ${i}` })),
      ...records(800, 2, 8, (i) => ({ name: `X ${i}` })),
    ]);
  await t.db.collection('users').insertMany([...records(1, 1, 8, names), ...records(50, 2, 8, names)]);
}

async function liveIds(t: TestDb, collection: string, tenant: number): Promise<Set<number>> {
  const docs = await t.db
    .collection(collection)
    .find({ tenant_id: tenant, deleted: { $ne: 1 } })
    .toArray();
  return new Set(docs.map((d) => d['id'] as number));
}

const COLLECTION_OF = { Lead: 'leads', Contact: 'contacts', Account: 'accounts', Deal: 'deals' } as const;

describe('calls linked to the tenant’s live CRM records', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb('links');
    await crmData(t);
  });
  afterAll(async () => t.drop());

  test('every link of 400 calls points at a live record of the right tenant, spread over them, named in the description', async () => {
    const entitiesBefore = await snapshotDatabase(t.db);
    const result = await seedCalls({
      db: t.db,
      batch: 'linked',
      calls: 400,
      tenantId: 1,
      userId: 2,
      refDate: REF_DATE,
      randomSeed: 11,
    });
    expect(result.linked).toEqual({ leads: 9, contacts: 9, accounts: 6, deals: 6, users: 6 });
    const calls = (await t.db
      .collection('calls')
      .find({ seed_batch: 'linked' })
      .toArray()) as unknown as CallDoc[];
    expect(calls).toHaveLength(400);
    const live = Object.fromEntries(
      await Promise.all(ENTITY_COLLECTIONS.map(async (c) => [c, await liveIds(t, c, 1)] as const)),
    ) as Record<string, Set<number>>;
    const used = new Map<string, Set<number>>();
    for (const call of calls) {
      for (const [type, id] of [
        [call.call_for, call.call_for_id],
        [call.related_to, call.related_to_id],
      ] as const) {
        const collection = COLLECTION_OF[type];
        expect(live[collection]!.has(id)).toBe(true);
        used.set(collection, (used.get(collection) ?? new Set()).add(id));
      }
      expect(live['users']!.has(call.owner_id)).toBe(true);
      expect(call.user_id).toBe(2);
      expect(call.tenant_id).toBe(1);
      // related_to fits call_for as in the synthetic data.
      if (call.call_for === 'Lead')
        expect([call.related_to, call.related_to_id]).toEqual(['Lead', call.call_for_id]);
      // A contact's call is about its account or a deal, never the contact itself: its own account when live.
      if (call.call_for === 'Contact') {
        expect(['Account', 'Deal']).toContain(call.related_to);
        const own = 300 + ((call.call_for_id - 200) % 8);
        if (call.related_to === 'Account' && live['accounts']!.has(own)) expect(call.related_to_id).toBe(own);
      }
      if (call.call_for === 'Account') expect(['Account', 'Deal']).toContain(call.related_to);
      if (call.related_to === call.call_for) expect(call.related_to_id).toBe(call.call_for_id);
    }
    // Spread over the available records, not one of each.
    for (const collection of ['leads', 'contacts', 'accounts'])
      expect(used.get(collection)!.size).toBeGreaterThan(3);
    // "My Calls" keeps its share; the others belong to the tenant's live users.
    expect(calls.filter((c) => c.owner_id === 2).length).toBeGreaterThan(100);
    expect(new Set(calls.map((c) => c.owner_id)).size).toBeGreaterThan(3);
    // Descriptions name the contact or lead the call is for.
    const named = calls.filter((c) => c.call_for !== 'Account');
    expect(
      named.every((c) =>
        /(Ada Lovelace|Grace Hopper|Alan Turing|Edsger Dijkstra|Barbara Liskov)/.test(c.description),
      ),
    ).toBe(true);
    const accountCalls = calls.filter((c) => c.call_for === 'Account');
    expect(accountCalls.every((c) => /Acme \d Ltd/.test(c.description))).toBe(true);
    // The logs carry the same links.
    const logs = await t.db.collection('activity_logs').find({ seed_batch: 'linked' }).toArray();
    const byId = new Map(calls.map((c) => [c.id, c]));
    for (const log of logs) {
      const call = byId.get(log['entity_id'] as number)!;
      expect(log['metadata']).toMatchObject({ call_for: call.call_for, call_for_id: call.call_for_id });
    }

    await removeSeedBatch({ db: t.db, batch: 'linked' });
    const entitiesAfter = await snapshotDatabase(t.db);
    for (const c of ENTITY_COLLECTIONS) expect(entitiesAfter[c]).toEqual(entitiesBefore[c]);
  });

  test('the same data and seed give the same calls', async () => {
    const run = async (): Promise<unknown[]> => {
      await seedCalls({
        db: t.db,
        batch: 'again',
        calls: 50,
        tenantId: 1,
        userId: 2,
        refDate: REF_DATE,
        randomSeed: 3,
      });
      const docs = await t.db
        .collection('calls')
        .find({ seed_batch: 'again' }, { projection: { _id: 0, id: 0, ukey: 0, seed_run: 0 } })
        .sort({ id: 1 })
        .toArray();
      await removeSeedBatch({ db: t.db, batch: 'again' });
      return docs;
    };
    expect(await run()).toEqual(await run());
  });

  test('a tenant without records still seeds, with synthetic links; SEED_LINKS=off is synthetic too', async () => {
    const lonely = await seedCalls({ db: t.db, batch: 'lonely', calls: 50, tenantId: 3, refDate: REF_DATE });
    expect(lonely.linked).toEqual({});
    expect(await t.db.collection('calls').countDocuments({ seed_batch: 'lonely', tenant_id: 3 })).toBe(50);
    const off = await seedCalls({
      db: t.db,
      batch: 'off',
      calls: 50,
      tenantId: 1,
      links: 'off',
      refDate: REF_DATE,
    });
    expect(off.linked).toEqual({});
    await removeSeedBatch({ db: t.db, batch: 'lonely' });
    await removeSeedBatch({ db: t.db, batch: 'off' });
  });
});

/**
 * Records the app (or a hand edit, or an old import) left malformed or deleted in every
 * spelling: a call must link only to an integer id ≥ 1 that JavaScript holds exactly (a
 * double, Int32 or Long), of a record whose `deleted` is absent, 0, false or "0"; and
 * `crm-seed verify` must then pass the seed's own calls.
 */
describe('links only to live, well-formed records', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb('links-hostile');
  });
  afterAll(async () => t.drop());

  /** Live, well-formed: may be linked. The id tells which. */
  const LIVE = [
    { id: 11, deleted: 0 },
    { id: 12, deleted: false },
    { id: 13, deleted: '0' },
    { id: 14 },
    { id: 15, deleted: null },
    { id: Long.fromNumber(16), deleted: 0 },
    { id: new Int32(17), deleted: new Int32(0) },
    { id: new Double(18), deleted: 0 },
  ];
  /** Never to be linked: a malformed id, or deleted in one of the app's spellings. */
  const NOT_LINKABLE = [
    { id: 7.5, deleted: 0 },
    { id: -3, deleted: 0 },
    { id: 0, deleted: 0 },
    { id: '21', deleted: 0 },
    { id: [22], deleted: 0 },
    { id: Long.fromString('9007199254740993'), deleted: 0 },
    { id: 2 ** 53 + 2, deleted: 0 },
    { deleted: 0 },
    { id: 31, deleted: 1 },
    { id: 32, deleted: true },
    { id: 33, deleted: '1' },
    { id: 34, deleted: new Int32(1) },
    { id: 35, deleted: 'yes' },
    { id: 36, deleted: 2 },
  ];
  const linkableIds = new Set([11, 12, 13, 14, 15, 16, 17, 18]);

  test('calls point only at live records with whole ids, and verify passes them', async () => {
    for (const collection of ['leads', 'contacts', 'accounts', 'deals', 'users']) {
      await t.db
        .collection(collection)
        .insertMany([...LIVE, ...NOT_LINKABLE].map((doc) => ({ ...doc, tenant_id: 1, name: 'Someone' })));
    }
    const before = await snapshotDatabase(t.db);
    const result = await seedCalls({
      db: t.db,
      batch: 'hostile-links',
      calls: 300,
      tenantId: 1,
      userId: 2,
      refDate: REF_DATE,
      randomSeed: 5,
    });
    expect(result.linked).toEqual({ leads: 8, contacts: 8, accounts: 8, deals: 8, users: 8 });
    const calls = (await t.db
      .collection('calls')
      .find({ seed_batch: 'hostile-links' })
      .toArray()) as unknown as CallDoc[];
    expect(calls).toHaveLength(300);
    const pointedAt = new Set<unknown>();
    for (const call of calls) {
      for (const id of [call.call_for_id, call.related_to_id]) pointedAt.add(id);
      if (call.owner_id !== 2) pointedAt.add(call.owner_id);
    }
    // Every link is a plain number of the live set (a Long's or Int32's id stored as a number).
    expect([...pointedAt].filter((id) => typeof id !== 'number' || !linkableIds.has(id))).toEqual([]);
    expect(pointedAt).toEqual(linkableIds);

    const verified = await cli(['verify', '--db', t.name]);
    expect({ code: verified.code, stderr: verified.stderr }).toEqual({ code: 0, stderr: '' });
    expect(verified.stdout).toMatch(/^verify: OK \(300 calls, 300 activity_logs seeded in 1 batch\)/);

    await removeSeedBatch({ db: t.db, batch: 'hostile-links' });
    const after = await snapshotDatabase(t.db);
    for (const c of ENTITY_COLLECTIONS) expect(after[c]).toEqual(before[c]);
  });
});
