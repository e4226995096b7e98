import { Option } from 'commander';
import type { Command } from 'commander';
import type { SettingsLayer } from '../../config/resolve-settings';
import type { OptionSpec } from '../../config/settings-table';
import { CLI_OPTIONS, DATASET_OPTION_KEYS } from './datasets';
import type { CliOptionKey as SettingKey } from './datasets';

/**
 * Command-line flags for the settings table: the flag name, the environment variable, the
 * allowed values and the default all come from settings-table.ts, so flags, env and the
 * config file share one definition and one validation. Only the help text lives here.
 */
const DESCRIPTIONS: Partial<Record<SettingKey, string>> = {
  mongoUrl:
    'MongoDB connection string; given as a flag it is visible to every user of this machine in the process list (ps) while the command runs: put a password in MONGO_URL or the config file instead',
  dbName: 'database name (when not set: the one in the --mongo-url path, if any)',
  randomSeed: 'random seed (default: derived from the batch marker)',
  refDate: '"now" of the generated data: what lies before it is past, what lies after it is scheduled',
  batchSize: 'documents per insert / per generated chunk',
  concurrency: 'chunks written at once',
  countersCollection: "collection of the app's id counters",
  counterKeyField: 'field naming the sequence in a counter document',
  counterSeqField: 'field holding the last id in a counter document',
  changelogCollection:
    "migrate-mongo's changelog collection (to tell whether a removed batch is still listed as applied)",
  allowProduction: 'allow writing to a database that looks like production',
  productionPattern: 'database names matching this regex count as production',
};

/** Flags that take no value: present means true. */
const SWITCHES = new Set<SettingKey>(['allowProduction']);

export const CONNECTION: readonly SettingKey[] = ['mongoUrl', 'dbName'];
export const GUARD: readonly SettingKey[] = ['allowProduction', 'productionPattern'];
export const CHANGELOG: readonly SettingKey[] = ['changelogCollection'];
export const COUNTERS: readonly SettingKey[] = ['countersCollection', 'counterKeyField', 'counterSeqField'];
export const WRITING: readonly SettingKey[] = ['batchSize', 'concurrency'];
/** What generating needs: every built-in dataset's options, then the engine's seed and reference date. */
export const GENERATION: readonly SettingKey[] = [...DATASET_OPTION_KEYS, 'refDate', 'randomSeed'];

/** The option attribute commander stores each setting under, per command. */
const ATTRIBUTES = new WeakMap<Command, Map<string, SettingKey>>();

export function addSettingOptions(command: Command, keys: readonly SettingKey[]): Command {
  const attributes = ATTRIBUTES.get(command) ?? new Map<string, SettingKey>();
  ATTRIBUTES.set(command, attributes);
  for (const key of keys) {
    const setting = CLI_OPTIONS[key];
    if (!setting?.flag) continue;
    const flags = SWITCHES.has(key) ? setting.flag : `${setting.flag} <value>`;
    const option = new Option(flags, describe(key, setting));
    // Conflicts are declared by option key; commander names options by their attribute.
    const conflicts = (setting.conflicts ?? [])
      .map((k) => CLI_OPTIONS[k]?.flag)
      .filter((f) => f !== undefined);
    if (conflicts.length > 0) option.conflicts(conflicts.map((f) => new Option(f).attributeName()));
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

function describe(key: SettingKey, setting: OptionSpec): string {
  const parts = [SWITCHES.has(key) ? undefined : setting.type.allowed, `env ${setting.env}`];
  const fallback = defaultText(setting.default);
  if (fallback) parts.push(`default ${fallback}`);
  return `${setting.describe ?? DESCRIPTIONS[key] ?? key} (${parts.filter(Boolean).join('; ')})`;
}

function defaultText(value: unknown): string | undefined {
  if (value === undefined || value === false) return undefined;
  if (value instanceof RegExp) return value.source;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
}
