import { boolean, integer, isoDate, name, regexSource } from '../dataset/option-types';
import type { OptionInputs, OptionSpec, OptionsOf, OptionsTable } from '../dataset/options-table';
import { DEFAULT_PRODUCTION_PATTERN } from '../write/production-guard';
import { mongoUrl } from './url-option';

export type { OptionSpec, OptionsOf, OptionsTable };

/**
 * The engine's settings, described once: connection, database, seed and reference date,
 * batch size and concurrency, counters, the changelog, the guard. Each dataset declares its
 * own options (its counts, its tenant, the records it links to…) in the same form
 * (src/dataset/options-table.ts); docs/configuration.md lists both.
 */
export const SETTINGS = {
  mongoUrl: {
    env: 'MONGO_URL',
    flag: '--mongo-url',
    type: mongoUrl(),
    default: 'mongodb://127.0.0.1:27017',
    describe:
      'MongoDB connection string; given as a flag it is visible to every user of this machine in the process list (ps) while the command runs: put a password in MONGO_URL or the config file instead',
  },
  dbName: {
    env: 'MONGO_DB',
    flag: '--db',
    type: name('database name', false),
    default: 'crm',
    describe: 'database name (when not set: the one in the --mongo-url path, if any)',
  },
  randomSeed: {
    env: 'SEED_RANDOM_SEED',
    flag: '--seed',
    type: integer(0, 4_294_967_295),
    default: undefined,
    describe: 'random seed (default: derived from the batch marker)',
  },
  refDate: {
    env: 'SEED_REF_DATE',
    flag: '--ref-date',
    type: isoDate(),
    default: undefined,
    describe: '"now" of the generated data: what lies before it is past, what lies after it is scheduled',
  },
  batchSize: {
    env: 'SEED_BATCH_SIZE',
    flag: '--batch-size',
    type: integer(1, 100_000),
    default: 1000,
    describe: 'documents per insert / per generated chunk',
  },
  concurrency: {
    env: 'SEED_CONCURRENCY',
    flag: '--concurrency',
    type: integer(1, 16),
    default: 2,
    describe: 'chunks written at once',
  },
  countersCollection: {
    env: 'SEED_COUNTERS_COLLECTION',
    flag: '--counters-collection',
    type: name('collection name'),
    default: 'counters',
    describe: "collection of the app's id counters",
  },
  counterKeyField: {
    env: 'SEED_COUNTER_KEY_FIELD',
    flag: '--counter-key-field',
    type: name('field name'),
    default: '_id',
    describe: 'field naming the sequence in a counter document',
  },
  counterSeqField: {
    env: 'SEED_COUNTER_SEQ_FIELD',
    flag: '--counter-seq-field',
    type: name('field name'),
    default: 'seq',
    describe: 'field holding the last id in a counter document',
  },
  changelogCollection: {
    env: 'SEED_CHANGELOG_COLLECTION',
    flag: '--changelog-collection',
    type: name('collection name'),
    default: 'changelog',
    describe:
      "migrate-mongo's changelog collection (to tell whether a removed batch is still listed as applied)",
  },
  allowProduction: {
    env: 'SEED_ALLOW_PRODUCTION',
    flag: '--allow-production',
    type: boolean(),
    default: false,
    describe: 'allow writing to a database that looks like production',
  },
  productionPattern: {
    env: 'SEED_PRODUCTION_PATTERN',
    flag: '--production-pattern',
    type: regexSource(),
    default: DEFAULT_PRODUCTION_PATTERN,
    describe: 'database names matching this regex count as production',
  },
  sample: {
    env: 'SEED_SAMPLE',
    flag: '--sample',
    type: boolean(),
    default: false,
    describe: "print one generated document after up's summary",
  },
  nodeEnv: {
    env: 'NODE_ENV',
    flag: undefined,
    type: name('NODE_ENV value'),
    default: undefined,
    describe: 'the environment the tool runs in; production refuses writes unless allowed',
  },
} as const satisfies Record<string, OptionSpec>;

export type SettingKey = keyof typeof SETTINGS;

/** The engine's resolved settings. */
export type Settings = OptionsOf<typeof SETTINGS>;

/** The engine's settings as code gives them (seed files, scripts): the database is the `db` given. */
export type SettingInputs = OptionInputs<Omit<typeof SETTINGS, 'mongoUrl' | 'dbName'>>;
