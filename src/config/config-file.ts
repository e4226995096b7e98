import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../errors';
import { fileSystemReason } from '../files/file-errors';
import type { SettingsLayer } from './resolve-settings';
import { SETTINGS } from './settings-table';
import { isOptionKey } from '../dataset/options-table';
import type { OptionsTable } from './settings-table';

/** Looked up in the working directory when no --config is given. */
export const CONFIG_FILE_NAME = 'crm-seed.config.json';

/**
 * Keys a config file may not set: NODE_ENV describes the environment the tool runs in, so it
 * only ever comes from the environment (a checked-in file must not be able to mask it).
 */
const ENVIRONMENT_ONLY = new Set(['nodeEnv']);

/**
 * The config file as a settings layer (precedence: above defaults, below env and flags).
 * With an explicit path the file must exist; without one, crm-seed.config.json in `cwd` is
 * used when present. Keys are the settings' keys (see settings-table.ts); unknown keys,
 * non-JSON content and bad values are ConfigErrors naming the file.
 */
export function loadConfigFile(
  explicitPath: string | undefined,
  cwd: string,
  table: OptionsTable = SETTINGS,
  ignored: ReadonlySet<string> = new Set(),
): SettingsLayer | undefined {
  const path = resolve(cwd, explicitPath ?? CONFIG_FILE_NAME);
  if (!explicitPath && !existsSync(path)) return undefined;
  const label = explicitPath ?? CONFIG_FILE_NAME;

  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const reason = fileSystemReason(err, path, label) ?? String(err);
    throw new ConfigError(`cannot read config file ${label}: ${reason}`, { cause: err });
  }
  return parseConfigText(text, label, table, ignored);
}

/** `ignored`: keys of other datasets' options, which the file may hold for those datasets. */
export function parseConfigText(
  text: string,
  label: string,
  table: OptionsTable = SETTINGS,
  ignored: ReadonlySet<string> = new Set(),
): SettingsLayer {
  let parsed: unknown;
  try {
    // Editors on Windows save UTF-8 with a byte order mark, which JSON.parse rejects.
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ConfigError(`${label} is not valid JSON: ${jsonSyntaxError(err, text)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(
      `${label} must contain a JSON object such as {"dbName": "crm_dev", "batchSize": 500}`,
    );
  }
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed)) {
    // "$schema" lets editors attach a JSON schema; it is not a setting.
    if (key === '$schema') continue;
    if (ENVIRONMENT_ONLY.has(key)) {
      throw new ConfigError(
        `${label}: "${key}" cannot be set in a config file; it comes from the environment`,
      );
    }
    if (!isOptionKey(table, key) && ignored.has(key)) continue;
    if (!isOptionKey(table, key)) {
      const known = Object.keys(table).filter((k) => !ENVIRONMENT_ONLY.has(k));
      const loose = (k: string): string => k.toLowerCase().replace(/[^a-z0-9]/g, '');
      const near = known.find((k) => loose(k) === loose(key));
      const hint = near ? `did you mean "${near}"? ` : '';
      throw new ConfigError(`${label}: unknown setting "${key}"; ${hint}known settings: ${known.join(', ')}`);
    }
    values[key] = value;
  }
  return { kind: 'file', label, values };
}

/**
 * JSON.parse's reason without the excerpt of the file V8 quotes (`Unexpected token 'm',
 * ..."ongoUrl": mongodb://"...`): an excerpt can hold part of a password without the
 * `mongodb://` that redaction looks for. A position becomes a line and column instead.
 */
function jsonSyntaxError(err: unknown, text: string): string {
  const reason = (err instanceof Error ? err.message : String(err))
    .replace(/, (\.\.\.)?".*"(\.\.\.)? is not valid JSON$/s, '')
    .replace(/ \(line \d+ column \d+\)$/, '');
  const at = / in JSON at position (\d+)$/.exec(reason);
  if (!at) return reason;
  const before = text.replace(/^\uFEFF/, '').slice(0, Number(at[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${reason.slice(0, at.index)} at line ${line}, column ${column}`;
}
