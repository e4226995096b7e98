import { envLayer, resolveSettings } from './resolve-settings';
import type { SettingsLayer } from './resolve-settings';
import type { OptionsOf, OptionsTable, Settings } from './settings-table';
import { optionsTableOf } from './dataset-options';
import type { AnyDataset } from './dataset-options';
import type { Dataset } from '../dataset/contract';

export type Environment = Readonly<Record<string, string | undefined>>;

export interface SettingSources {
  /** Environment variables, when the caller (an entry point) chose to pass them. */
  readonly env?: Environment | undefined;
  readonly file?: SettingsLayer | undefined;
  /** Options the caller fixed (a seed file's, a dataset module's): above the environment. */
  readonly fixed?: SettingsLayer | undefined;
  /** Flags (CLI) or options (seed file, programmatic call): the highest precedence. */
  readonly top?: SettingsLayer | undefined;
  /** The reference date when none is set. */
  readonly now?: Date | undefined;
}

/** The engine's settings and a dataset's options, resolved together. */
export function settingsWith<T extends OptionsTable>(
  dataset: Dataset<T>,
  sources: SettingSources = {},
): Settings & OptionsOf<T> {
  return resolveFrom(sources, dataset) as Settings & OptionsOf<T>;
}

/**
 * Settings from the sources given, validated. Precedence, lowest first:
 * defaults < config file < environment < fixed options < flags or options. Reads nothing else.
 */
export function settingsFrom(sources: SettingSources = {}): Settings {
  return resolveFrom(sources, undefined);
}

function resolveFrom(sources: SettingSources, dataset: AnyDataset | undefined): Settings {
  const layers: SettingsLayer[] = [];
  if (sources.file) layers.push(sources.file);
  if (sources.env) layers.push(envLayer(sources.env, optionsTableOf(dataset)));
  if (sources.fixed) layers.push(sources.fixed);
  if (sources.top) layers.push(sources.top);
  return resolveSettings(layers, sources.now ?? new Date(), dataset);
}
