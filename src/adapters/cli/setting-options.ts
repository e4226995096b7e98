import { Option } from 'commander';
import type { Command } from 'commander';
import type { SettingsLayer } from '../../config/resolve-settings';
import { CLI_OPTIONS } from './datasets';
import type { CliOptionKey as SettingKey } from './datasets';

/**
 * Command-line flags for the settings table: the flag name, the environment variable, the
 * allowed values and the default all come from settings-table.ts, so flags, env and the
 * config file share one definition and one validation. Only the help text lives here.
 */
const DESCRIPTIONS: Partial<Record<SettingKey, string>> = {
  mongoUrl: 'MongoDB connection string',
  dbName: 'database name (when not set: the one in the --mongo-url path, if any)',
  calls: 'number of calls to generate',
  tenantId: 'tenant_id of the calls',
  userId: 'user_id / add_by of the calls (and owner of a share of them)',
  days: 'spread calls over this many past days before the reference date',
  from: 'start of an explicit date range (instead of --days)',
  to: 'end of the explicit date range (default: the reference date)',
  randomSeed: 'random seed (default: derived from the batch marker)',
  refDate: '"now" of the generated data: past calls are closed, later ones scheduled',
  inboundShare: 'share of inbound calls',
  futureShare:
    "share of calls placed in the 7 days after --ref-date, with --days (that day's later calls are scheduled too)",
  ownShare: 'share of calls owned by --user',
  batchSize: 'documents per insert / per generated chunk',
  concurrency: 'chunks written at once',
  countersCollection: "collection of the app's id counters",
  counterKeyField: 'field naming the sequence in a counter document',
  counterSeqField: 'field holding the last id in a counter document',
  changelogCollection:
    "migrate-mongo's changelog collection (to tell whether a removed batch is still listed as applied)",
  allowProduction: 'allow writing to a database that looks like production',
  productionPattern: 'database names matching this regex count as production',
  valuesMode: 'custom value lists extend or replace the built-in ones',
  subjects: 'custom call subjects, comma-separated',
  purposes: 'custom call purposes, comma-separated',
  agendas: 'custom call agendas, comma-separated',
  results: 'custom call results, comma-separated',
  durations: 'custom durations such as "25 mins", comma-separated',
  statusIds: 'custom status ids, comma-separated',
};

/** Flags that take no value: present means true. */
const SWITCHES = new Set<SettingKey>(['allowProduction']);

export const CONNECTION: readonly SettingKey[] = ['mongoUrl', 'dbName'];
export const GUARD: readonly SettingKey[] = ['allowProduction', 'productionPattern'];
export const CHANGELOG: readonly SettingKey[] = ['changelogCollection'];
export const COUNTERS: readonly SettingKey[] = ['countersCollection', 'counterKeyField', 'counterSeqField'];
export const WRITING: readonly SettingKey[] = ['batchSize', 'concurrency'];
export const GENERATION: readonly SettingKey[] = [
  'calls',
  'tenantId',
  'userId',
  'days',
  'from',
  'to',
  'refDate',
  'randomSeed',
  'inboundShare',
  'futureShare',
  'ownShare',
  'valuesMode',
  'subjects',
  'purposes',
  'agendas',
  'results',
  'durations',
  'statusIds',
];

/** The option attribute commander stores each setting under, per command. */
const ATTRIBUTES = new WeakMap<Command, Map<string, SettingKey>>();

export function addSettingOptions(command: Command, keys: readonly SettingKey[]): Command {
  const attributes = ATTRIBUTES.get(command) ?? new Map<string, SettingKey>();
  ATTRIBUTES.set(command, attributes);
  for (const key of keys) {
    const setting = CLI_OPTIONS[key];
    if (!setting.flag) continue;
    const flags = SWITCHES.has(key) ? setting.flag : `${setting.flag} <value>`;
    const option = new Option(flags, describe(key));
    if (key === 'days') option.conflicts('from');
    command.addOption(option);
    attributes.set(option.attributeName(), key);
  }
  return command;
}

/** The flags the user gave, as the top settings layer (validated by resolveSettings). */
export function flagLayer(command: Command): SettingsLayer {
  const values: Record<string, unknown> = {};
  const options = command.opts<Record<string, unknown>>();
  for (const [attribute, key] of ATTRIBUTES.get(command) ?? []) {
    if (options[attribute] !== undefined) values[key] = options[attribute];
  }
  return { kind: 'flag', values };
}

function describe(key: SettingKey): string {
  const setting = CLI_OPTIONS[key];
  const parts = [SWITCHES.has(key) ? undefined : setting.type.allowed, `env ${setting.env}`];
  const fallback = defaultText(setting.default);
  if (fallback) parts.push(`default ${fallback}`);
  return `${DESCRIPTIONS[key] ?? key} (${parts.filter(Boolean).join('; ')})`;
}

function defaultText(value: unknown): string | undefined {
  if (value === undefined || value === false) return undefined;
  if (value instanceof RegExp) return value.source;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
}
