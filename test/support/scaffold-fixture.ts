import type { Db } from 'mongodb';
import { createRandom } from 'crm-calls-seed/internal';
import type { RandomSource } from 'crm-calls-seed';

/**
 * A CRM database with planted distributions, for `crm-seed scaffold` and `fidelity`: the same
 * documents every time (a fixed seed and reference date). Names come from the short lists
 * below, not from faker, so that what the scaffolded seed generates (faker's pools) is told
 * apart from what the source holds.
 */
export const FIXTURE_REF_DATE = '2025-10-10T12:00:00.000Z';
/** The fixture database's name in examples/scaffold-crm (its module names where it came from). */
export const EXAMPLE_DB = 'crm_fixture';
/** Planted once, in one contact's note: must appear nowhere in what scaffold writes or seeds. */
export const CANARY = 'CANARY-7f3a9c-do-not-copy';

const FIRST = [
  'Aldous',
  'Brigid',
  'Cosmo',
  'Delphine',
  'Ephraim',
  'Fenella',
  'Gideon',
  'Hester',
  'Ignatius',
  'Jocasta',
  'Leopold',
  'Marisol',
  'Nestor',
  'Ottilie',
  'Percival',
  'Quilla',
  'Rosalind',
  'Silas',
  'Tamsin',
  'Ulric',
];
const LAST = [
  'Abernathy',
  'Blackwood',
  'Castellanos',
  'Drummond',
  'Eberhardt',
  'Fairweather',
  'Galloway',
  'Holloway',
  'Ingleby',
  'Jauregui',
  'Kowalczyk',
  'Lindqvist',
  'Mbeki',
  'Nakashima',
  'Oyelaran',
  'Pemberton',
  'Quintero',
  'Rasmussen',
];
const STREETS = [
  'Larkspur Lane',
  'Quarry Road',
  'Tannery Row',
  'Wexford Court',
  'Juniper Way',
  'Old Mill Street',
];
const CITIES = ['Ashbourne', 'Brackley', 'Cromarty', 'Dunmore', 'Eastleigh', 'Fordwich', 'Glenrothes'];
const COUNTRIES = ['GB', 'IE', 'GB', 'GB', 'FR'];
const TAGS = ['vip', 'newsletter', 'partner', 'trial', 'churn-risk', 'upsell', 'event', 'referral'];
const INDUSTRIES: readonly [string, number][] = [
  ['software', 0.5],
  ['retail', 0.3],
  ['finance', 0.2],
];
const COMPANY_WORDS = [
  'Harbor',
  'Quill',
  'Summit',
  'Lumen',
  'Brook',
  'Vertex',
  'Cobalt',
  'Willow',
  'Ember',
  'Atlas',
];
const NOTE_WORDS = [
  'called',
  'about',
  'renewal',
  'pricing',
  'follow',
  'up',
  'next',
  'week',
  'asked',
  'for',
  'demo',
  'contract',
  'signed',
  'waiting',
  'on',
  'legal',
  'budget',
  'approved',
  'quarter',
  'meeting',
];

export interface FixtureSizes {
  readonly contacts: number;
  readonly accounts: number;
  readonly leads: number;
  /** Users per tenant. */
  readonly users: number;
}

export const DEFAULT_SIZES: FixtureSizes = { contacts: 3000, accounts: 300, leads: 1000, users: 20 };

const DAY = 86_400_000;

/** exp of a normal: amounts, head counts. */
function logNormal(random: RandomSource, mu: number, sigma: number): number {
  const u = Math.max(random.next(), 1e-12);
  const v = random.next();
  return Math.exp(mu + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
}

function weighted<T>(random: RandomSource, table: readonly (readonly [T, number])[]): T {
  let u = random.next();
  for (const [v, w] of table) if ((u -= w) < 0) return v;
  return table[table.length - 1]![0];
}

const tenantOf = (random: RandomSource): number => (random.next() < 0.6 ? 1 : 2);

/** The planted database: users, accounts, contacts and leads of two tenants, with their counters. */
export async function plantCrm(db: Db, sizes: FixtureSizes = DEFAULT_SIZES): Promise<void> {
  const random = createRandom(20251010);
  const ref = Date.parse(FIXTURE_REF_DATE);
  const users = [1, 2].flatMap((tenant) =>
    Array.from({ length: sizes.users }, (_, i) => {
      const id = (tenant - 1) * sizes.users + i + 1;
      return {
        id,
        tenant_id: tenant,
        name: `${FIRST[id % FIRST.length]} ${LAST[(id * 7) % LAST.length]}`,
        deleted: i === 0 ? 1 : 0,
      };
    }),
  );
  const usersOf = (tenant: number): number[] =>
    users.filter((u) => u.tenant_id === tenant && u.deleted === 0).map((u) => u.id);
  const accounts = Array.from({ length: sizes.accounts }, (_, i) => {
    const tenant = tenantOf(random);
    return {
      id: i + 1,
      tenant_id: tenant,
      name: `${random.pick(COMPANY_WORDS)} ${random.pick(COMPANY_WORDS)} ${random.pick(['Ltd', 'LLC', 'Group', 'Partners'])}`,
      industry: weighted(random, INDUSTRIES),
      employees: Math.max(1, Math.round(logNormal(random, 4, 1.1))),
      created: new Date(ref - Math.floor(random.next() * 365 * DAY)),
      owner_id: random.pick(usersOf(tenant)),
      deleted: random.next() < 0.05 ? 1 : 0,
    };
  });
  const accountsOf = new Map<number, number[]>();
  for (const a of accounts)
    if (a.deleted === 0) accountsOf.set(a.tenant_id, [...(accountsOf.get(a.tenant_id) ?? []), a.id]);
  const contacts = Array.from({ length: sizes.contacts }, (_, i) => {
    const tenant = tenantOf(random);
    const first = random.pick(FIRST);
    const last = random.pick(LAST);
    const doc: Record<string, unknown> = {
      id: i + 1,
      tenant_id: tenant,
      first_name: first,
      last_name: last,
      email: `${first.toLowerCase()}.${last.toLowerCase()}${i + 1}@mailbox-${i % 7}.test`,
      status: weighted(random, [
        ['active', 0.6],
        ['prospect', 0.3],
        ['inactive', 0.1],
      ] as const),
      amount: Math.round(logNormal(random, 7, 0.8) * 100) / 100,
      created_at: new Date(ref - Math.floor(random.next() * 90 * DAY)).toISOString(),
      address: {
        street: `${random.int(1, 240)} ${random.pick(STREETS)}`,
        city: random.pick(CITIES),
        zip: String(random.int(10000, 99999)),
        country: random.pick(COUNTRIES),
      },
      tags: Array.from({ length: random.int(0, 5) }, () => random.pick(TAGS)),
      owner_id: random.pick(usersOf(tenant)),
      account_id: random.pick(accountsOf.get(tenant) ?? [1]),
      deleted: random.next() < 0.05 ? 1 : 0,
    };
    if (random.next() < 0.3) doc['score'] = random.int(1, 100);
    if (random.next() < 0.5) {
      doc['note'] = Array.from({ length: random.int(6, 14) }, () => random.pick(NOTE_WORDS)).join(' ');
    }
    if (i === 1234) doc['note'] = `Follow up with ${CANARY} about the contract renewal next quarter`;
    return doc;
  });
  const leads = Array.from({ length: sizes.leads }, (_, i) => {
    const tenant = tenantOf(random);
    const first = random.pick(FIRST);
    const last = random.pick(LAST);
    return {
      id: i + 1,
      tenant_id: tenant,
      name: `${first} ${last}`,
      email: `${first.toLowerCase()}${i + 1}@inbox-${i % 5}.test`,
      phone: `+44 ${random.int(1000, 9999)} ${random.int(100000, 999999)}`,
      source: weighted(random, [
        ['web', 0.5],
        ['referral', 0.25],
        ['event', 0.15],
        ['cold call', 0.1],
      ] as const),
      owner_id: random.pick(usersOf(tenant)),
      created_at: new Date(ref - Math.floor(random.next() * 60 * DAY)).toISOString(),
      converted: random.next() < 0.2,
      deleted: 0,
    };
  });
  await db.collection('users').insertMany(users);
  await db.collection('accounts').insertMany(accounts);
  await db.collection('contacts').insertMany(contacts);
  await db.collection('leads').insertMany(leads);
  await db.collection('contacts').createIndex({ email: 1 }, { unique: true });
  await db.collection('counters').insertMany([
    { _id: 'users' as unknown as never, seq: users.length },
    { _id: 'accounts' as unknown as never, seq: accounts.length },
    { _id: 'contacts' as unknown as never, seq: contacts.length },
    { _id: 'leads' as unknown as never, seq: leads.length },
  ]);
}
