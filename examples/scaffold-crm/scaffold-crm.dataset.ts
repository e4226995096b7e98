// Scaffolded by `crm-seed scaffold` from crm_fixture on 2025-10-10T12:00:00.000Z:
// leads (1,000 documents sampled), accounts (300 documents sampled), contacts (3,000 documents sampled).
// The only values copied from the source are the kept categories (`kind: 'category'` and
// `values:` lists), each seen at least 5 times and never personal data: review them before
// committing this file. What each field spec means: docs/scaffold.md.
import { defineDataset, optionTypes, scaffoldedCollections } from 'crm-calls-seed';
import type { FieldSpecs } from 'crm-calls-seed';

/** The source's "now": dates are days relative to it here, and to the run's reference date when seeded. */
export const REFERENCE_DATE = '2025-10-10T12:00:00.000Z';

/** leads: 1,000 documents sampled; integer `id` from the app's counter. */
export const leadsFields: FieldSpecs = {
  tenant_id: { presence: 1, types: { int: 1 }, tenant: true },
  name: { presence: 1, types: { string: 1 }, string: { kind: 'personName', lengths: [[0, 11], [0.01, 12], [0.05, 13], [0.1, 14], [0.25, 15], [0.5, 16], [0.75, 17], [0.9, 18], [0.95, 19], [0.99, 20], [1, 20]] } },
  email: { presence: 1, types: { string: 1 }, string: { kind: 'email' }, unique: true },
  phone: { presence: 1, types: { string: 1 }, string: { kind: 'shape', shapes: [['+dd dddd dddddd', 1]] }, unique: true },
  source: { presence: 1, types: { string: 1 }, string: { kind: 'category', values: [['web', 0.5], ['referral', 0.245], ['event', 0.165], ['cold call', 0.09]] } },
  owner_id: { presence: 1, types: { int: 1 }, link: 'users' },
  created_at: { presence: 1, types: { string: 1 }, string: { kind: 'isoDate', shape: 'millisecond', days: [[0, -59.618], [0.01, -58.8433], [0.05, -56.4693], [0.1, -53.9326], [0.25, -45.5037], [0.5, -30.4871], [0.75, -14.5233], [0.9, -6.0292], [0.95, -3.2937], [0.99, -0.3868], [1, -0.1305]] } },
  converted: { presence: 1, types: { bool: 1 }, bool: { trueShare: 0.183 } },
  deleted: { presence: 1, types: { int: 1 }, int: { values: [[0, 1]] } },
};

/** accounts: 300 documents sampled; integer `id` from the app's counter. */
export const accountsFields: FieldSpecs = {
  tenant_id: { presence: 1, types: { int: 1 }, tenant: true },
  name: { presence: 1, types: { string: 1 }, string: { kind: 'company', lengths: [[0, 15], [0.01, 15], [0.05, 15], [0.1, 15], [0.25, 16], [0.5, 17], [0.75, 19], [0.9, 21], [0.95, 21], [0.99, 22], [1, 22]] } },
  industry: { presence: 1, types: { string: 1 }, string: { kind: 'category', values: [['software', 0.5367], ['retail', 0.26], ['finance', 0.2033]] } },
  employees: { presence: 1, types: { int: 1 }, int: { quantiles: [[0, 5], [0.01, 5], [0.05, 9], [0.1, 15], [0.25, 26], [0.5, 53], [0.75, 127], [0.9, 265], [0.95, 401], [0.99, 545], [1, 595]], decimals: 0 } },
  created: { presence: 1, types: { date: 1 }, date: { days: [[0, -360.1441], [0.01, -359.2564], [0.05, -342.9725], [0.1, -322.2578], [0.25, -265.5224], [0.5, -172.1171], [0.75, -88.8195], [0.9, -34.6076], [0.95, -21.2948], [0.99, -3.756], [1, -2.5947]] } },
  owner_id: { presence: 1, types: { int: 1 }, link: 'users' },
  deleted: { presence: 1, types: { int: 1 }, int: { values: [[0, 0.9333], [1, 0.0667]] } },
};

/** contacts: 3,000 documents sampled; integer `id` from the app's counter. */
export const contactsFields: FieldSpecs = {
  tenant_id: { presence: 1, types: { int: 1 }, tenant: true },
  first_name: { presence: 1, types: { string: 1 }, string: { kind: 'firstName', lengths: [[0, 5], [0.01, 5], [0.05, 5], [0.1, 5], [0.25, 6], [0.5, 7], [0.75, 7], [0.9, 8], [0.95, 8], [0.99, 8], [1, 8]] } },
  last_name: { presence: 1, types: { string: 1 }, string: { kind: 'lastName', lengths: [[0, 5], [0.01, 5], [0.05, 7], [0.1, 7], [0.25, 8], [0.5, 9], [0.75, 9], [0.9, 11], [0.95, 11], [0.99, 11], [1, 11]] } },
  email: { presence: 1, types: { string: 1 }, string: { kind: 'email' }, unique: true },
  status: { presence: 1, types: { string: 1 }, string: { kind: 'category', values: [['active', 0.6147], ['prospect', 0.2903], ['inactive', 0.095]] } },
  amount: { presence: 1, types: { int: 0.0123, double: 0.9877 }, int: { quantiles: [[0, 92.84], [0.01, 178.61], [0.05, 302.16], [0.1, 410.76], [0.25, 646.64], [0.5, 1112.91], [0.75, 1923.54], [0.9, 3136.23], [0.95, 3972.92], [0.99, 6870.4], [1, 18144.36]], decimals: 2 }, double: { quantiles: [[0, 92.84], [0.01, 178.61], [0.05, 302.16], [0.1, 410.76], [0.25, 646.64], [0.5, 1112.91], [0.75, 1923.54], [0.9, 3136.23], [0.95, 3972.92], [0.99, 6870.4], [1, 18144.36]], decimals: 2 } },
  created_at: { presence: 1, types: { string: 1 }, string: { kind: 'isoDate', shape: 'millisecond', days: [[0, -89.9147], [0.01, -88.9726], [0.05, -84.7501], [0.1, -80.5484], [0.25, -66.7403], [0.5, -45.0591], [0.75, -21.8927], [0.9, -9.0235], [0.95, -4.3888], [0.99, -0.976], [1, -0.0549]] } },
  address: { presence: 1, types: { object: 1 } },
  'address.street': { presence: 1, types: { string: 1 }, string: { kind: 'street', lengths: [[0, 13], [0.01, 13], [0.05, 14], [0.1, 14], [0.25, 15], [0.5, 15], [0.75, 17], [0.9, 18], [0.95, 19], [0.99, 19], [1, 19]] } },
  'address.city': { presence: 1, types: { string: 1 }, string: { kind: 'city', lengths: [[0, 7], [0.01, 7], [0.05, 7], [0.1, 7], [0.25, 8], [0.5, 8], [0.75, 9], [0.9, 10], [0.95, 10], [0.99, 10], [1, 10]] } },
  'address.zip': { presence: 1, types: { string: 1 }, string: { kind: 'shape', shapes: [['ddddd', 1]] } },
  'address.country': { presence: 1, types: { string: 1 }, string: { kind: 'category', values: [['GB', 0.6027], ['IE', 0.2003], ['FR', 0.197]] } },
  tags: { presence: 1, types: { array: 1 }, array: { lengths: [[0, 0.149], [1, 0.1733], [2, 0.169], [3, 0.1523], [4, 0.1713], [5, 0.185]] } },
  'tags[]': { presence: 1, types: { string: 1 }, string: { kind: 'category', values: [['referral', 0.1321], ['trial', 0.1293], ['churn-risk', 0.1267], ['partner', 0.1256], ['newsletter', 0.1225], ['event', 0.1224], ['upsell', 0.1219], ['vip', 0.1194]] } },
  owner_id: { presence: 1, types: { int: 1 }, link: 'users' },
  account_id: { presence: 1, types: { int: 1 }, parent: 'accounts' },
  deleted: { presence: 1, types: { int: 1 }, int: { values: [[0, 0.9503], [1, 0.0497]] } },
  score: { presence: 0.291, types: { int: 1 }, int: { quantiles: [[0, 1], [0.01, 1], [0.05, 6], [0.1, 11], [0.25, 26], [0.5, 51], [0.75, 75], [0.9, 90], [0.95, 96], [0.99, 99], [1, 100]], decimals: 0 } },
  note: { presence: 0.4893, types: { string: 1 }, string: { kind: 'sentence', lengths: [[0, 27], [0.01, 31], [0.05, 37], [0.1, 41], [0.25, 48], [0.5, 64], [0.75, 78], [0.9, 88], [0.95, 92], [0.99, 99], [1, 104]] } },
};

export const dataset = defineDataset({
  name: 'scaffold-crm',
  describe: 'look-alike leads, accounts, contacts scaffolded from crm_fixture',
  options: {
    leads: {
      type: optionTypes.integer(1, 10_000_000),
      default: 1000,
      env: 'SEED_LEADS',
      flag: '--leads',
      describe: 'number of leads',
    },
    accounts: {
      type: optionTypes.integer(1, 10_000_000),
      default: 300,
      env: 'SEED_ACCOUNTS',
      flag: '--accounts',
      describe: 'number of accounts',
    },
    contacts: {
      type: optionTypes.integer(1, 10_000_000),
      default: 3000,
      env: 'SEED_CONTACTS',
      flag: '--contacts',
      describe: 'number of contacts',
    },
    tenant: {
      type: optionTypes.integer(-2_147_483_648, 2_147_483_647),
      default: 1,
      env: 'SEED_TENANT',
      flag: '--tenant',
      describe: 'tenant_id of the documents, and the tenant whose records they link to',
    },
  },
  links: (o) => ({
    users: { collection: 'users', idField: 'id', tenantField: 'tenant_id', tenant: o.tenant, live: { field: 'deleted', test: (v) => v !== true && v !== 1 } },
  }),
  collections: (o, run) =>
    scaffoldedCollections({ seed: run.seed, tenant: o.tenant }, [
      { name: 'leads', count: o.leads, ids: 'counter', fields: leadsFields, referenceDate: REFERENCE_DATE, live: { field: 'deleted', notLive: [true, 1] } },
      { name: 'accounts', count: o.accounts, ids: 'counter', fields: accountsFields, referenceDate: REFERENCE_DATE, live: { field: 'deleted', notLive: [true, 1] } },
      { name: 'contacts', count: o.contacts, ids: 'counter', fields: contactsFields, referenceDate: REFERENCE_DATE, live: { field: 'deleted', notLive: [true, 1] } },
    ]),
  sample: { collection: 'leads' },
});

export default dataset;
