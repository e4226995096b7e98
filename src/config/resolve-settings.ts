import { ConfigError } from '../errors';
import { redactSecrets } from '../redact';
import { isSettingKey, SETTINGS } from './settings-table';
import { databaseInUrl } from './url-database';
import { clashingRole, STATE_ROLES } from '../write/collections';
import type { CollectionRole } from '../write/collections';
import type { SettingKey, Settings } from './settings-table';

/** One source of configuration values, lowest precedence first when passed to resolveSettings. */
export interface SettingsLayer {
  /** How a value from this source is named in messages. */
  readonly kind: 'env' | 'flag' | 'file' | 'seed file';
  /** For files: the file name, shown in messages. */
  readonly label?: string;
  readonly values: Readonly<Record<string, unknown>>;
}

const KEYS = Object.keys(SETTINGS) as SettingKey[];

/**
 * Options given as an object literal with `__proto__: {…}` set its prototype instead of a key,
 * so the settings in it would be read from nowhere and silently lost: refused instead.
 */
export function checkPlainObject(values: object, where: string): void {
  const prototype: unknown = Object.getPrototypeOf(values);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new ConfigError(
      `${where}options must be a plain object such as { calls: 200 } (this one has a prototype of its own, e.g. from a "__proto__" key); known settings: ${KEYS.join(', ')}`,
    );
  }
}

/** Environment variables as a layer: only the variables the table knows are read. */
export function envLayer(env: Readonly<Record<string, string | undefined>>): SettingsLayer {
  const values: Record<string, unknown> = {};
  for (const key of KEYS) {
    const raw = env[SETTINGS[key].env];
    if (raw !== undefined && raw !== '') values[key] = raw;
  }
  return { kind: 'env', values };
}

export function settingName(key: SettingKey, layer: Pick<SettingsLayer, 'kind' | 'label'>): string {
  switch (layer.kind) {
    case 'env':
      return SETTINGS[key].env;
    case 'flag':
      return SETTINGS[key].flag ?? key;
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

/** What the value's own check said (a parser's reason), when it says more than "invalid". */
function reason(issues: readonly { code: string; message: string }[]): string {
  const custom = issues.find((i) => i.code === 'custom' && i.message !== 'invalid');
  return custom ? `: ${redactSecrets(custom.message)}` : '';
}

/**
 * Validates every value of every layer, then merges them (later layers win over earlier
 * ones, all over the table's defaults). Throws ConfigError naming the first bad value.
 */
export function resolveSettings(layers: readonly SettingsLayer[], now: Date): Settings {
  const merged: Record<string, unknown> = {};
  for (const key of KEYS) merged[key] = SETTINGS[key].default;
  /** Which layer gave each value, so a value derived from one can be blamed on its source. */
  const source = new Map<string, SettingsLayer>();

  for (const layer of layers) {
    const where = layer.kind === 'file' || layer.kind === 'seed file' ? `${layer.label ?? layer.kind}: ` : '';
    checkPlainObject(layer.values, where);
    for (const [key, raw] of Object.entries(layer.values)) {
      if (raw === undefined) continue;
      if (!isSettingKey(key)) {
        throw new ConfigError(`${where}unknown setting "${key}"; known settings: ${KEYS.join(', ')}`);
      }
      const option = SETTINGS[key];
      const parsed = option.type.schema.safeParse(raw);
      if (!parsed.success) {
        throw new ConfigError(
          `${settingName(key, layer)} must be ${option.type.allowed} (got ${show(raw)}${reason(parsed.error.issues)})`,
        );
      }
      merged[key] = parsed.data;
      source.set(key, layer);
    }
  }

  if (!source.has('dbName')) databaseFromUrl(merged, source.get('mongoUrl'));
  merged['refDate'] ??= now;
  checkDateWindow(merged);
  checkCollectionRoles(merged as unknown as Settings);
  return Object.freeze(merged) as Settings;
}

/** The collection settings name different collections, none of them the seed's own state. */
function checkCollectionRoles(settings: Settings): void {
  const named = (key: SettingKey): CollectionRole => [`${SETTINGS[key].env}`, settings[key] as string];
  const clash = clashingRole([
    ...STATE_ROLES,
    named('changelogCollection'),
    named('countersCollection'),
    ...(
      [
        'leadsCollection',
        'contactsCollection',
        'accountsCollection',
        'dealsCollection',
        'usersCollection',
      ] as const
    ).map(named),
  ]);
  if (clash) throw new ConfigError(clash, { code: 'COLLECTION_ROLE' });
}

function checkDateWindow(merged: Record<string, unknown>): void {
  const from = merged['from'] as Date | undefined;
  const to = merged['to'] as Date | undefined;
  if (to && !from) {
    throw new ConfigError(`${SETTINGS.to.env} (--to) needs ${SETTINGS.from.env} (--from) as well`);
  }
  if (from && to && from.getTime() >= to.getTime()) {
    throw new ConfigError(
      `${SETTINGS.from.env} (--from) must be before ${SETTINGS.to.env} (--to) (got ${from.toISOString()} .. ${to.toISOString()})`,
    );
  }
}

/**
 * With no database set anywhere (flag, MONGO_DB, config file, seed file), the one named in
 * the URL's path is used (`mongodb://host/mydb`), as the driver and mongosh read it; an
 * explicit setting wins, and without either it is the default.
 */
function databaseFromUrl(merged: Record<string, unknown>, urlLayer: SettingsLayer | undefined): void {
  const fromUrl = databaseInUrl(merged['mongoUrl'] as string);
  if (fromUrl === undefined || !urlLayer) return;
  const parsed = SETTINGS.dbName.type.schema.safeParse(fromUrl);
  if (!parsed.success) {
    throw new ConfigError(
      `${settingName('mongoUrl', urlLayer)} names the database ${show(fromUrl)} in its path, which must be ${SETTINGS.dbName.type.allowed}; set ${SETTINGS.dbName.env} (--db) to choose the database instead`,
    );
  }
  merged['dbName'] = parsed.data;
}
