import { Option } from 'commander';
import type { Command } from 'commander';
import type { SettingsLayer } from '../../config/resolve-settings';
import type { OptionSpec, OptionsTable } from '../../config/settings-table';

/**
 * Command-line flags for an options table (the engine's settings and the chosen dataset's
 * options): the flag name, the environment variable, the allowed values, the default and the
 * help all come from the table, so flags, env and the config file share one definition and
 * one validation.
 */

/** Flags that take no value: present means true. */
const SWITCHES = new Set<string>(['allowProduction', 'sample']);

export const CONNECTION: readonly string[] = ['mongoUrl', 'dbName'];
export const GUARD: readonly string[] = ['allowProduction', 'productionPattern'];
export const CHANGELOG: readonly string[] = ['changelogCollection'];
export const COUNTERS: readonly string[] = ['countersCollection', 'counterKeyField', 'counterSeqField'];
export const WRITING: readonly string[] = ['batchSize', 'concurrency'];
/** What generating needs besides the dataset's own options: the engine's seed and reference date. */
export const GENERATION: readonly string[] = ['refDate', 'randomSeed'];

/** The option attribute commander stores each setting under, per command. */
const ATTRIBUTES = new WeakMap<Command, Map<string, string>>();

export function addSettingOptions(command: Command, keys: readonly string[], table: OptionsTable): Command {
  const attributes = ATTRIBUTES.get(command) ?? new Map<string, string>();
  ATTRIBUTES.set(command, attributes);
  for (const key of keys) {
    const setting = table[key];
    if (!setting?.flag) continue;
    const flags = SWITCHES.has(key) ? setting.flag : `${setting.flag} <value>`;
    const option = new Option(flags, describe(key, setting));
    // Conflicts are declared by option key; commander names options by their attribute.
    const conflicts = (setting.conflicts ?? []).map((k) => table[k]?.flag).filter((f) => f !== undefined);
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

function describe(key: string, setting: OptionSpec): string {
  const parts = [SWITCHES.has(key) ? undefined : setting.type.allowed, setting.env && `env ${setting.env}`];
  const fallback = defaultText(setting.default);
  if (fallback) parts.push(`default ${fallback}`);
  return `${setting.describe ?? key} (${parts.filter(Boolean).join('; ')})`;
}

function defaultText(value: unknown): string | undefined {
  if (value === undefined || value === false) return undefined;
  if (value instanceof RegExp) return value.source;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
}
