import type { Command } from 'commander';
import { contextOf, defineCommand } from '../command-kit';
import type { CliRun } from '../command-kit';
import { CONNECTION } from '../setting-options';

// Commands load their implementation when run, so `--help` and the other commands start fast.
export function registerStats(program: Command, run: CliRun): void {
  defineCommand(
    program,
    'stats',
    'documents per collection and per seed batch, id and date ranges, orphans',
    CONNECTION,
  )
    .option('--json', 'print the figures as JSON (for scripts)')
    .action(async (options: { json?: boolean }, command: Command) => {
      const { runStats } = await import('./stats-action');
      run.done(await runStats(contextOf(command, run), options.json === true));
    });
}
