import type { Command } from 'commander';
import type { CliIo } from '../cli-io';
import { contextOf, defineCommand } from '../command-kit';
import { CONNECTION } from '../setting-options';

// Commands load their implementation when run, so `--help` and the other commands start fast.
export function registerStats(program: Command, io: CliIo, done: (code: number) => void): void {
  defineCommand(
    program,
    'stats',
    'documents per collection and per seed batch, id and date ranges, orphans',
    CONNECTION,
  )
    .option('--json', 'print the figures as JSON (for scripts)')
    .action(async (options: { json?: boolean }, command: Command) => {
      const { runStats } = await import('./stats-action');
      done(await runStats(contextOf(command, io), options.json === true));
    });
}
