import { Command, CommanderError } from 'commander';
import { ExitCode, exitCodeOf } from './exit-codes';
import type { CliIo } from './cli-io';
import { colorEnabled, createPalette } from './colors';
import type { CliRun } from './command-kit';
import { registerCleanup } from './commands/cleanup';
import { registerGenerate } from './commands/generate';
import { registerImport } from './commands/import';
import { registerExport } from './commands/export';
import { registerScaffold } from './commands/scaffold';
import { registerFidelity } from './commands/fidelity';
import { registerStats } from './commands/stats';
import { registerUnlock } from './commands/unlock';
import { registerVerify } from './commands/verify';
import { reportError } from './output';
import { chooseDataset, foreignFlag } from './datasets';
import { withUnreachableHint } from '../unreachable-hint';
import { redactSecrets } from '../../redact';

export type { CliIo } from './cli-io';

const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  verify found problems, or an unexpected error (a bug; --verbose shows the stack)
  2  bad input: flag, environment variable, config file, input file, unknown batch (nothing written)
  3  database unreachable, authentication failed, or a database operation failed
  4  refused: production guard, seed lock held, marker in use, no confirmation
  130/143  interrupted by SIGINT (Ctrl-C) / SIGTERM during a write; one line says what was left

Configuration: flag > environment variable > crm-seed.config.json (or --config) > default;
in another repository without crm-seed.config.json, its migrate-mongo-config.js gives the URL,
database, changelog and migrations folder.
Colour: on when stdout is a terminal; NO_COLOR=1 turns it off, FORCE_COLOR=1 on (FORCE_COLOR=0 off).`;

/**
 * The whole CLI as a function of its arguments and streams, resolving to the exit code:
 * parse, resolve settings, call the library, print. Only bin/crm-seed.js exits the process.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = ExitCode.ok;
  // Colour is decided here, once, from io (NO_COLOR, FORCE_COLOR, stdout a terminal).
  const colors = createPalette(colorEnabled(io));
  try {
    // The dataset is chosen before the flags are parsed: its options are the flags.
    const dataset = chooseDataset(argv, io.cwd, io.hostConfig === true);
    const program = createProgram({
      io,
      colors,
      dataset,
      done: (code) => {
        exitCode = code;
      },
    });
    const command = program.commands.find((c) => c.name() === argv[0]);
    if (command) {
      const known = new Set(command.options.flatMap((o) => [o.long, o.short].filter((f) => f !== undefined)));
      const foreign = foreignFlag(argv, dataset, known);
      if (foreign) throw foreign;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    // Commander has printed its message (unknown option, missing argument, conflicting flags) or the help.
    if (err instanceof CommanderError) return err.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
    const reported = withUnreachableHint(err, io.unreachableHint);
    reportError(reported, io, argv.includes('--verbose') || io.env['SEED_VERBOSE'] === '1');
    return exitCodeOf(reported);
  }
}

/**
 * The commander program with every command and option registered, nothing parsed: what
 * runCli runs, and what the test keeping docs/cli.md complete walks.
 */
export function createProgram(run: CliRun): Command {
  const program = new Command('crm-seed')
    .description(
      'Operator tool for reversible seeds of any dataset: stats, cleanup, verify, unlock, generate, import, export, scaffold, fidelity',
    )
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({
      // Commander echoes arguments in its errors (`unknown option '--mongourl=mongodb://…'`).
      writeOut: (text) => run.io.stdout.write(redactSecrets(text)),
      writeErr: (text) => run.io.stderr.write(redactSecrets(text)),
      // Commander would otherwise ask process.env and process.stdout whether to keep colours.
      getOutHasColors: () => run.colors.enabled,
      getErrHasColors: () => run.colors.enabled,
    })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP);
  registerStats(program, run);
  registerCleanup(program, run);
  registerVerify(program, run);
  registerUnlock(program, run);
  registerGenerate(program, run);
  registerImport(program, run);
  registerExport(program, run);
  registerScaffold(program, run);
  registerFidelity(program, run);
  return program;
}

function packageVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../../package.json') as { version: string }).version;
}
