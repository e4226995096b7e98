import { Command, CommanderError } from 'commander';
import { ExitCode, exitCodeOf } from './exit-codes';
import type { CliIo } from './cli-io';
import { registerCleanup } from './commands/cleanup-command';
import { registerGenerate } from './commands/generate-command';
import { registerImport } from './commands/import-command';
import { registerStats } from './commands/stats-command';
import { registerVerify } from './commands/verify-command';
import { reportError } from './output';

export type { CliIo } from './cli-io';

const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  verify found problems, or an unexpected error (a bug; --verbose shows the stack)
  2  bad input: flag, environment variable, config file or input file (nothing written)
  3  database unreachable, authentication failed, or a database operation failed
  4  refused: production guard, seed lock held, marker in use, no confirmation

Configuration: flag > environment variable > crm-seed.config.json (or --config) > default.`;

/**
 * The whole CLI as a function of its arguments and streams, resolving to the exit code:
 * parse, resolve settings, call the library, print. Only bin/crm-seed.js exits the process.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = new Command('crm-seed')
    .description('Operator tool for the CRM calls seed: stats, cleanup, verify, generate, import')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP);

  const done = (code: number): void => {
    exitCode = code;
  };
  registerStats(program, io, done);
  registerCleanup(program, io, done);
  registerVerify(program, io, done);
  registerGenerate(program, io, done);
  registerImport(program, io, done);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    // Commander has printed its message (unknown option, missing argument, conflicting flags) or the help.
    if (err instanceof CommanderError) return err.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
    reportError(err, io, argv.includes('--verbose') || io.env['SEED_VERBOSE'] === '1');
    return exitCodeOf(err);
  }
}

function packageVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../../package.json') as { version: string }).version;
}
