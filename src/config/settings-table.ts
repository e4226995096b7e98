import { boolean, integer, isoDate, mongoUrl, name, oneOf, regexSource } from './option-types';
import type { OptionType } from './option-types';
import { DEFAULT_PRODUCTION_PATTERN } from '../write/production-guard';

/** Largest count one run may insert or generate; documented in the README. */
export const MAX_DOCUMENT_COUNT = 10_000_000;

/** Largest tenant or user id: the app stores them as 32-bit integers. */
export const MAX_INT32 = 2_147_483_647;

/**
 * One setting or dataset option, described once: its environment variable, its CLI flag, what
 * is allowed and its default; its key names it in config files, seed files and scripts.
 */
export interface OptionSpec {
  readonly env: string;
  readonly flag: string | undefined;
  readonly type: OptionType<unknown>;
  readonly default: unknown;
  /** Its help text (`--help`); the engine's settings have theirs in the CLI. */
  readonly describe?: string | undefined;
  /** Options it cannot be given with (CLI flags refuse the pair). */
  readonly conflicts?: readonly string[] | undefined;
}

/** A table of settings (the engine's) or options (a dataset's). */
export type OptionsTable = Readonly<Record<string, OptionSpec>>;

/**
 * A dataset's own options, beside the engine's settings: resolved from the same sources in
 * the same way (env names, flags, config file, seed-file options), and checked together.
 */
export interface DatasetOptions<T extends OptionsTable = OptionsTable> {
  /** How messages name the dataset: "the tasks dataset". */
  readonly dataset: string;
  readonly table: T;
  /** Checks across options (a date window), after each is valid on its own. */
  readonly check?: ((values: Readonly<Record<string, unknown>>) => void) | undefined;
}

/**
 * The engine's settings, described once: connection, database, seed and reference date,
 * batch size and concurrency, counters, the records to link to, the changelog, the guard.
 * Each dataset declares its own options (its counts, tenant, user, window, shares, value
 * lists). The README's configuration table mirrors both.
 */
export const SETTINGS = {
  mongoUrl: { env: 'MONGO_URL', flag: '--mongo-url', type: mongoUrl(), default: 'mongodb://127.0.0.1:27017' },
  dbName: { env: 'MONGO_DB', flag: '--db', type: name('database name', false), default: 'crm' },
  randomSeed: {
    env: 'SEED_RANDOM_SEED',
    flag: '--seed',
    type: integer(0, 4_294_967_295),
    default: undefined,
  },
  refDate: { env: 'SEED_REF_DATE', flag: '--ref-date', type: isoDate(), default: undefined },
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
} as const satisfies Record<string, OptionSpec>;

export type SettingKey = keyof typeof SETTINGS;

/**
 * Whether a key a user wrote names an option of the table: an own key only, so `constructor`,
 * `toString`, `__proto__` or `hasOwnProperty` (inherited from Object.prototype) are unknown
 * settings like any other typo, not a lookup of Object's own members.
 */
export function isOptionKey(table: OptionsTable, key: string): boolean {
  return Object.hasOwn(table, key);
}

/** The engine's settings and, when a dataset is given, its options: one table. */
export function optionsTableOf(options: DatasetOptions | undefined): OptionsTable {
  return options ? { ...SETTINGS, ...options.table } : SETTINGS;
}

type ValueOf<S> = S extends { readonly type: OptionType<infer T> } ? T : never;

/** The resolved values of a table: one typed, frozen object passed down from the edge. */
export type OptionsOf<T extends OptionsTable> = {
  readonly [K in keyof T]: undefined extends T[K]['default'] ? ValueOf<T[K]> | undefined : ValueOf<T[K]>;
};

/** The engine's resolved settings. */
export type Settings = OptionsOf<typeof SETTINGS>;
