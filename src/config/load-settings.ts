import { envLayer, resolveSettings } from './resolve-settings';
import type { SettingsLayer } from './resolve-settings';
import type { Settings } from './settings-table';
import { testHooksFrom } from './test-hooks';
import type { TestHooks } from './test-hooks';

/**
 * The only place that reads process.env. Precedence, lowest first:
 * defaults < config file < environment < flags (CLI) or seed-file options.
 */
export function loadSettings(extra: { file?: SettingsLayer; top?: SettingsLayer } = {}): Settings {
  const layers: SettingsLayer[] = [];
  if (extra.file) layers.push(extra.file);
  layers.push(envLayer(process.env));
  if (extra.top) layers.push(extra.top);
  return resolveSettings(layers, new Date());
}

/** The fault tests' hook (SEED_TEST_PAUSE_AT), kept out of the user settings. */
export function loadTestHooks(): TestHooks {
  return testHooksFrom(process.env);
}
