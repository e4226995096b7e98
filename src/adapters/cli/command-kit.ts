import type { Command } from 'commander';
import { loadConfigFile } from '../../config/config-file';
import { settingsWith } from '../../config/load-settings';
import { cliDatasetOptions, CLI_OPTIONS } from './datasets';
import type { CliOptionKey as SettingKey, CliSettings as Settings } from './datasets';
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
}

/** What every command's action gets: where to print and how to resolve its settings. */
export interface CommandContext {
  readonly io: CliIo;
  readonly colors: Palette;
  readonly printer: Printer;
  readonly quiet: boolean;
  readonly verbose: boolean;
  /** flag > env > config file > default, validated once (ConfigError names the source). */
  readonly settings: () => Settings;
  /**
   * Runs a write with SIGINT/SIGTERM stopping it (io.signals), only for its duration; `left`
   * is what a second signal, which exits at once, leaves behind and how to finish it.
   */
  readonly interruptible: <T>(work: (signal: AbortSignal) => Promise<T>, left: string) => Promise<T>;
}

/** A command's action: resolves to the exit code. */
export type Action = (context: CommandContext, command: Command) => Promise<number>;

/** Adds a subcommand with the options every command has plus the given settings' flags. */
export function defineCommand(
  program: Command,
  name: string,
  description: string,
  keys: readonly SettingKey[],
): Command {
  const command = program
    .command(name)
    .description(description)
    .option('--config <file>', 'JSON config file (default: ./crm-seed.config.json when present)')
    .option('-q, --quiet', 'print only errors and requested data (--json)')
    .option('--verbose', 'print stack traces of errors');
  return addSettingOptions(command, keys);
}

export function contextOf(command: Command, { io, colors }: CliRun): CommandContext {
  const options = command.opts<{
    config?: string;
    quiet?: boolean;
    verbose?: boolean;
    dataset?: string;
    seedFile?: string;
  }>();
  const quiet = options.quiet === true;
  return {
    io,
    colors,
    quiet,
    verbose: options.verbose === true,
    printer: createPrinter(io, quiet),
    interruptible: (work, left) =>
      interruptible(io.signals, work, {
        second: (signal) => `crm-seed: ${signal} again: exited at once, without cleaning up; ${left}`,
      }),
    settings: () => {
      const file = loadConfigFile(options.config, io.cwd, CLI_OPTIONS);
      return settingsWith(cliDatasetOptions(options), { env: io.env, file, top: flagLayer(command) });
    },
  };
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
