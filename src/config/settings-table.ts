import {
  boolean,
  integer,
  isoDate,
  mongoUrl,
  name,
  oneOf,
  regexSource,
  share,
  stringList,
} from './option-types';
import type { OptionType } from './option-types';
import { DEFAULT_PRODUCTION_PATTERN } from '../write/production-guard';

/** Largest count one run may insert or generate; documented in the README. */
export const MAX_CALLS = 10_000_000;

const MAX_INT32 = 2_147_483_647;

/**
 * Every setting, described once: its key (config file, seed file), its environment variable,
 * its CLI flag, what is allowed and its default. The README's configuration table mirrors this.
 */
export const SETTINGS = {
  mongoUrl: { env: 'MONGO_URL', flag: '--mongo-url', type: mongoUrl(), default: 'mongodb://127.0.0.1:27017' },
  dbName: { env: 'MONGO_DB', flag: '--db', type: name('database name', false), default: 'crm' },
  calls: { env: 'SEED_CALLS', flag: '--calls', type: integer(1, MAX_CALLS), default: 500 },
  tenantId: { env: 'SEED_TENANT_ID', flag: '--tenant', type: integer(1, MAX_INT32), default: 1 },
  userId: { env: 'SEED_USER_ID', flag: '--user', type: integer(1, MAX_INT32), default: 1 },
  days: { env: 'SEED_DAYS', flag: '--days', type: integer(1, 3650), default: 30 },
  from: { env: 'SEED_FROM', flag: '--from', type: isoDate(), default: undefined },
  to: { env: 'SEED_TO', flag: '--to', type: isoDate(), default: undefined },
  randomSeed: {
    env: 'SEED_RANDOM_SEED',
    flag: '--seed',
    type: integer(0, 4_294_967_295),
    default: undefined,
  },
  refDate: { env: 'SEED_REF_DATE', flag: '--ref-date', type: isoDate(), default: undefined },
  inboundShare: { env: 'SEED_INBOUND_SHARE', flag: '--inbound-share', type: share(), default: 0.5 },
  futureShare: { env: 'SEED_FUTURE_SHARE', flag: '--future-share', type: share(), default: 0.15 },
  ownShare: { env: 'SEED_OWN_SHARE', flag: '--own-share', type: share(), default: 0.4 },
  batchSize: { env: 'SEED_BATCH_SIZE', flag: '--batch-size', type: integer(1, 100_000), default: 1000 },
  concurrency: { env: 'SEED_CONCURRENCY', flag: '--concurrency', type: integer(1, 16), default: 2 },
  countersCollection: {
    env: 'SEED_COUNTERS_COLLECTION',
    flag: '--counters-collection',
    type: name('collection name'),
    default: 'counters',
  },
  counterKeyField: {
    env: 'SEED_COUNTER_KEY_FIELD',
    flag: '--counter-key-field',
    type: name('field name'),
    default: '_id',
  },
  counterSeqField: {
    env: 'SEED_COUNTER_SEQ_FIELD',
    flag: '--counter-seq-field',
    type: name('field name'),
    default: 'seq',
  },
  links: { env: 'SEED_LINKS', flag: '--links', type: oneOf(['auto', 'off']), default: 'auto' },
  leadsCollection: {
    env: 'SEED_LEADS_COLLECTION',
    flag: '--leads-collection',
    type: name('collection name'),
    default: 'leads',
  },
  contactsCollection: {
    env: 'SEED_CONTACTS_COLLECTION',
    flag: '--contacts-collection',
    type: name('collection name'),
    default: 'contacts',
  },
  accountsCollection: {
    env: 'SEED_ACCOUNTS_COLLECTION',
    flag: '--accounts-collection',
    type: name('collection name'),
    default: 'accounts',
  },
  dealsCollection: {
    env: 'SEED_DEALS_COLLECTION',
    flag: '--deals-collection',
    type: name('collection name'),
    default: 'deals',
  },
  usersCollection: {
    env: 'SEED_USERS_COLLECTION',
    flag: '--users-collection',
    type: name('collection name'),
    default: 'users',
  },
  changelogCollection: {
    env: 'SEED_CHANGELOG_COLLECTION',
    flag: '--changelog-collection',
    type: name('collection name'),
    default: 'changelog',
  },
  allowProduction: {
    env: 'SEED_ALLOW_PRODUCTION',
    flag: '--allow-production',
    type: boolean(),
    default: false,
  },
  productionPattern: {
    env: 'SEED_PRODUCTION_PATTERN',
    flag: '--production-pattern',
    type: regexSource(),
    default: DEFAULT_PRODUCTION_PATTERN,
  },
  nodeEnv: { env: 'NODE_ENV', flag: undefined, type: name('NODE_ENV value'), default: undefined },
  valuesMode: {
    env: 'SEED_VALUES_MODE',
    flag: '--values-mode',
    type: oneOf(['extend', 'replace']),
    default: 'extend',
  },
  subjects: { env: 'SEED_SUBJECTS', flag: '--subjects', type: stringList(), default: undefined },
  purposes: { env: 'SEED_PURPOSES', flag: '--purposes', type: stringList(), default: undefined },
  agendas: { env: 'SEED_AGENDAS', flag: '--agendas', type: stringList(), default: undefined },
  results: { env: 'SEED_RESULTS', flag: '--results', type: stringList(), default: undefined },
  durations: { env: 'SEED_DURATIONS', flag: '--durations', type: stringList(), default: undefined },
  statusIds: { env: 'SEED_STATUS_IDS', flag: '--status-ids', type: stringList(), default: undefined },
} as const satisfies Record<
  string,
  { env: string; flag: string | undefined; type: OptionType<unknown>; default: unknown }
>;

export type SettingKey = keyof typeof SETTINGS;

/**
 * Whether a key a user wrote names a setting: an own key of the table only, so `constructor`,
 * `toString`, `__proto__` or `hasOwnProperty` (inherited from Object.prototype) are unknown
 * settings like any other typo, not a lookup of Object's own members.
 */
export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}

type ValueOf<K extends SettingKey> = (typeof SETTINGS)[K]['type'] extends OptionType<infer T> ? T : never;
type DefaultOf<K extends SettingKey> = (typeof SETTINGS)[K]['default'];

/** The resolved configuration: one typed, frozen object passed down from the edge. */
export type Settings = {
  readonly [K in SettingKey]: undefined extends DefaultOf<K> ? ValueOf<K> | undefined : ValueOf<K>;
};
