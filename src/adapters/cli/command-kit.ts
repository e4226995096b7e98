import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { loadConfigFile } from '../../config/config-file';
import type { SettingsLayer } from '../../config/resolve-settings';
import { isMigrateMongoConfig, readHostMigrateConfig } from '../host-migrate-config';
import { settingsWith } from '../../config/load-settings';
import { optionsTableOf } from '../../config/dataset-options';
import type { Settings } from '../../config/settings-table';
import { BUILT_IN_DATASETS } from '../../datasets';
import type { CliDataset } from './datasets';
import { interruptible } from '../interrupts';
import type { CliIo } from './cli-io';
import type { Palette } from './colors';
import { createPrinter } from './output';
import type { Printer } from './output';
import { addSettingOptions, flagLayer } from './setting-options';

/** What runCli gives each command it registers: decided once per run. */
export interface CliRun {
  readonly io: CliIo;
  /** Colour on or off for this run (colors.ts: NO_COLOR, FORCE_COLOR, stdout a terminal). */
  readonly colors: Palette;
  /** Records the command's exit code. */
  readonly done: (code: number) => void;
  /** The dataset this run works with, chosen from the arguments before they are parsed. */
  readonly dataset: CliDataset;
}

/** What every command's action gets: where to print and how to resolve its settings. */
export interface CommandContext {
  readonly io: CliIo;
  readonly colors: Palette;
  readonly printer: Printer;
  readonly quiet: boolean;
  readonly verbose: boolean;
  /** The dataset this run works with. */
  readonly dataset: CliDataset;
  /**
   * flag > seed file's options > env > config file > default, the engine's settings and the
   * chosen dataset's options, validated once (ConfigError names the source).
   */
  readonly settings: () => Settings;
  /**
   * Runs a write with SIGINT/SIGTERM stopping it (io.signals), only for its duration; `left`
   * is what a second signal, which exits at once, leaves behind and how to finish it.
   */
  readonly interruptible: <T>(work: (signal: AbortSignal) => Promise<T>, left: string) => Promise<T>;
}

/** A command's action: resolves to the exit code. */
export type Action = (context: CommandContext, command: Command) => Promise<number>;

/**
 * Adds a subcommand with the options every command has plus the given settings' flags;
 * with `withDataset`, every option of the chosen dataset too.
 */
export function defineCommand(
  program: Command,
  run: CliRun,
  name: string,
  description: string,
  keys: readonly string[],
  withDataset = false,
): Command {
  const command = program
    .command(name)
    .description(description)
    .option(
      '--config <file>',
      "crm-seed's JSON config (default ./crm-seed.config.json), or a migrate-mongo config (.js; default ./migrate-mongo-config.js in another repository)",
    )
    .option('-q, --quiet', 'print only errors and requested data (--json)')
    .option('--verbose', 'print stack traces of errors');
  const table = optionsTableOf(run.dataset.dataset);
  const own = withDataset ? Object.keys(run.dataset.dataset.options ?? {}) : [];
  return addSettingOptions(command, [...own, ...keys.filter((k) => !own.includes(k))], table);
}

/** Keys of the other built-in datasets' options: a config file may hold them for those datasets. */
function otherDatasetKeys(run: CliRun): Set<string> {
  return new Set(
    BUILT_IN_DATASETS.filter((d) => d !== run.dataset.dataset).flatMap((d) => Object.keys(d.options ?? {})),
  );
}

export function contextOf(command: Command, run: CliRun): CommandContext {
  const { io, colors, dataset } = run;
  const options = command.opts<{ config?: string; quiet?: boolean; verbose?: boolean }>();
  const quiet = options.quiet === true;
  return {
    io,
    colors,
    quiet,
    verbose: options.verbose === true,
    dataset,
    printer: createPrinter(io, quiet),
    interruptible: (work, left) =>
      interruptible(io.signals, work, {
        second: (signal) => `crm-seed: ${signal} again: exited at once, without cleaning up; ${left}`,
      }),
    settings: () => {
      const file = configLayer(options.config, run);
      return settingsWith(dataset.dataset, {
        env: io.env,
        file,
        fixed: dataset.fixed,
        top: flagLayer(command),
      });
    },
  };
}

/**
 * The config layer: `--config <file>.json` or ./crm-seed.config.json (crm-seed's own), else
 * `--config <file>.js` or, when the run allows it, ./migrate-mongo-config.js (the host's).
 */
function configLayer(explicit: string | undefined, run: CliRun): SettingsLayer | undefined {
  const { io } = run;
  if (explicit !== undefined && isMigrateMongoConfig(explicit)) {
    return readHostMigrateConfig(explicit, io.cwd)?.layer;
  }
  const table = optionsTableOf(run.dataset.dataset);
  const own = loadConfigFile(explicit, io.cwd, table, otherDatasetKeys(run));
  if (own || explicit !== undefined || io.hostConfig !== true) return own;
  return readHostMigrateConfig(undefined, io.cwd)?.layer;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** The chosen dataset as help texts name it: "crm-calls (CRM calls with their activity logs)". */
export function describeChosen(run: CliRun): string {
  const { dataset } = run.dataset;
  return `the ${dataset.name} dataset${dataset.describe ? ` (${dataset.describe})` : ''}`;
}

/** A flag's whole number >= 1, `_` allowed as a separator (`--sample 10_000`). */
export function positiveCount(raw: string): number {
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected an integer >= 1');
  return n;
}
