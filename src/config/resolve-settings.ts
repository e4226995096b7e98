import { ConfigError } from '../errors';
import { redactSecrets } from '../redact';
import { isOptionKey } from '../dataset/options-table';
import { SETTINGS } from './settings-table';
import { databaseInUrl } from './url-database';
import { clashingRole, STATE_ROLES } from '../write/registry/collections';
import type { CollectionRole } from '../write/registry/collections';
import type { OptionsTable, SettingKey, Settings } from './settings-table';
import { optionsTableOf } from './dataset-options';
import type { AnyDataset } from './dataset-options';

/** One source of configuration values, lowest precedence first when passed to resolveSettings. */
export interface SettingsLayer {
  /** How a value from this source is named in messages. */
  readonly kind: 'env' | 'flag' | 'file' | 'seed file';
  /** For files: the file name, shown in messages. */
  readonly label?: string;
  readonly values: Readonly<Record<string, unknown>>;
}

/**
 * Options given as an object literal with `__proto__: {…}` set its prototype instead of a key,
 * so the settings in it would be read from nowhere and silently lost: refused instead.
 */
export function checkPlainObject(values: object, where: string, table: OptionsTable = SETTINGS): void {
  const prototype: unknown = Object.getPrototypeOf(values);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new ConfigError(
      `${where}options must be a plain object such as { batchSize: 500 } (this one has a prototype of its own, e.g. from a "__proto__" key); known settings: ${Object.keys(table).join(', ')}`,
    );
  }
}

/** Environment variables as a layer: only the variables the table knows are read. */
export function envLayer(
  env: Readonly<Record<string, string | undefined>>,
  table: OptionsTable = SETTINGS,
): SettingsLayer {
  const values: Record<string, unknown> = {};
  for (const [key, option] of Object.entries(table)) {
    if (option.env === undefined) continue;
    const raw = env[option.env];
    if (raw !== undefined && raw !== '') values[key] = raw;
  }
  return { kind: 'env', values };
}

export function settingName(
  key: string,
  layer: Pick<SettingsLayer, 'kind' | 'label'>,
  table: OptionsTable = SETTINGS,
): string {
  switch (layer.kind) {
    case 'env':
      return table[key]?.env ?? key;
    case 'flag':
      return table[key]?.flag ?? key;
    case 'file':
      return `${layer.label ?? 'config file'}: "${key}"`;
    case 'seed file':
      return `${layer.label ?? 'seed file'}: option "${key}"`;
  }
}

function show(raw: unknown): string {
  const text = redactSecrets(JSON.stringify(raw) ?? String(raw));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** What the value's own check said (a parser's reason), when it says more than "not allowed". */
function reason(parsed: { readonly reason?: string }): string {
  return parsed.reason === undefined ? '' : `: ${redactSecrets(parsed.reason)}`;
}

/**
 * Validates every value of every layer, then merges them (later layers win over earlier
 * ones, all over the table's defaults). Throws ConfigError naming the first bad value.
 */
export function resolveSettings(
  layers: readonly SettingsLayer[],
  now: Date,
  dataset?: AnyDataset,
): Settings & Readonly<Record<string, unknown>> {
  const table = optionsTableOf(dataset);
  const keys = Object.keys(table);
  const merged: Record<string, unknown> = {};
  for (const key of keys) merged[key] = table[key]!.default;
  /** Which layer gave each value, so a value derived from one can be blamed on its source. */
  const source = new Map<string, SettingsLayer>();

  for (const layer of layers) {
    const where = layer.kind === 'file' || layer.kind === 'seed file' ? `${layer.label ?? layer.kind}: ` : '';
    checkPlainObject(layer.values, where, table);
    for (const [key, raw] of Object.entries(layer.values)) {
      if (raw === undefined) continue;
      if (!isOptionKey(table, key)) throw unknownSetting(where, key, keys, dataset);
      const option = table[key]!;
      const parsed = option.type.parse(raw);
      if (!parsed.ok) {
        throw new ConfigError(
          `${settingName(key, layer, table)} must be ${option.type.allowed} (got ${show(raw)}${reason(parsed)})`,
        );
      }
      merged[key] = parsed.value;
      source.set(key, layer);
    }
  }

  if (!source.has('dbName')) databaseFromUrl(merged, source.get('mongoUrl'));
  merged['refDate'] ??= now;
  const problem = dataset?.check?.(merged as Parameters<NonNullable<AnyDataset['check']>>[0]);
  if (typeof problem === 'string' && problem !== '') throw new ConfigError(problem);
  checkCollectionRoles(merged as unknown as Settings);
  return Object.freeze(merged) as Settings & Readonly<Record<string, unknown>>;
}

/** A key that is neither an engine setting nor an option of the dataset in hand: one line saying so. */
function unknownSetting(
  where: string,
  key: string,
  keys: readonly string[],
  dataset: AnyDataset | undefined,
): ConfigError {
  const of = dataset ? `the ${dataset.name} dataset` : 'the engine';
  return new ConfigError(
    `${where}unknown setting "${key}"; known settings: ${keys.join(', ')} ("${key}" is not an option of ${of})`,
  );
}

/** The collection settings name different collections, none of them the seed's own state. */
function checkCollectionRoles(settings: Settings): void {
  const named = (key: SettingKey): CollectionRole => [`${SETTINGS[key].env}`, settings[key] as string];
  const clash = clashingRole([...STATE_ROLES, named('changelogCollection'), named('countersCollection')]);
  if (clash) throw new ConfigError(clash, { code: 'COLLECTION_ROLE' });
}

/**
 * With no database set anywhere (flag, MONGO_DB, config file, seed file), the one named in
 * the URL's path is used (`mongodb://host/mydb`), as the driver and mongosh read it; an
 * explicit setting wins, and without either it is the default.
 */
function databaseFromUrl(merged: Record<string, unknown>, urlLayer: SettingsLayer | undefined): void {
  const fromUrl = databaseInUrl(merged['mongoUrl'] as string);
  if (fromUrl === undefined || !urlLayer) return;
  const parsed = SETTINGS.dbName.type.parse(fromUrl);
  if (!parsed.ok) {
    throw new ConfigError(
      `${settingName('mongoUrl', urlLayer)} names the database ${show(fromUrl)} in its path, which must be ${SETTINGS.dbName.type.allowed}; set ${SETTINGS.dbName.env} (--db) to choose the database instead`,
    );
  }
  merged['dbName'] = parsed.value;
}
