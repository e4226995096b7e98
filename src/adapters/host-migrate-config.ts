import { existsSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import type { SettingsLayer } from '../config/resolve-settings';
import { ConfigError } from '../errors';

/** migrate-mongo's own config file name, looked up in the working folder. */
export const MIGRATE_MONGO_CONFIG = 'migrate-mongo-config.js';

/** A config file of migrate-mongo's (JavaScript) rather than crm-seed's own (JSON). */
export function isMigrateMongoConfig(path: string): boolean {
  return ['.js', '.cjs'].includes(extname(path));
}

/** What the CLI takes from a host's migrate-mongo config: the settings layer, and its migrations folder. */
export interface HostMigrateConfig {
  readonly layer: SettingsLayer;
  /** The migrations folder it names (absolute): where `--seed-file` names are also looked for. */
  readonly migrationsDir?: string | undefined;
}

/**
 * The host's migrate-mongo config as a settings layer (below env and flags): its
 * `mongodb.url`, `mongodb.databaseName` and `changelogCollectionName`, loaded with require
 * as migrate-mongo loads it. `explicit` is `--config <file>.js`; without it the file in `cwd`,
 * when there is one. A config that exports a promise or a function (this package's
 * migrateMongoConfig) reads MONGO_URL and MONGO_DB itself, as crm-seed does: nothing to add.
 */
export function readHostMigrateConfig(
  explicit: string | undefined,
  cwd: string,
): HostMigrateConfig | undefined {
  const path = resolve(cwd, explicit ?? MIGRATE_MONGO_CONFIG);
  if (!explicit && !existsSync(path)) return undefined;
  const label = explicit ?? MIGRATE_MONGO_CONFIG;
  let content: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    content = require(path);
  } catch (err) {
    const reason = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
    throw new ConfigError(`cannot load ${label}: ${reason}`, { code: 'BAD_INPUT' });
  }
  // An ES module config (a "type": "module" host) comes as its namespace: its default export.
  const exported = (content as { default?: unknown } | null)?.default;
  if (exported !== undefined && typeof exported === 'object') content = exported;
  if (
    typeof content !== 'object' ||
    content === null ||
    typeof (content as { then?: unknown }).then === 'function'
  ) {
    return undefined;
  }
  const config = content as {
    mongodb?: { url?: unknown; databaseName?: unknown };
    changelogCollectionName?: unknown;
    migrationsDir?: unknown;
  };
  const values: Record<string, unknown> = {};
  if (typeof config.mongodb?.url === 'string' && config.mongodb.url !== '')
    values['mongoUrl'] = config.mongodb.url;
  if (typeof config.mongodb?.databaseName === 'string' && config.mongodb.databaseName !== '') {
    values['dbName'] = config.mongodb.databaseName;
  }
  if (typeof config.changelogCollectionName === 'string')
    values['changelogCollection'] = config.changelogCollectionName;
  const migrationsDir =
    typeof config.migrationsDir === 'string'
      ? resolve(cwd, config.migrationsDir)
      : resolve(cwd, 'migrations');
  return { layer: { kind: 'file', label: basename(label), values }, migrationsDir };
}
