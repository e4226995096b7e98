import type { Command } from 'commander';
import { contextOf, defineCommand } from '../command-kit';
import type { CliRun } from '../command-kit';
import { CONNECTION } from '../setting-options';

export function registerUnlock(program: Command, run: CliRun): void {
  defineCommand(
    program,
    run,
    'unlock',
    'remove a seed lock that no run holds (malformed, dated ahead of the server, or its holder gone); a live lock is kept (exit 4)',
    [...CONNECTION],
  ).action(async (_options: object, command: Command) => {
    const { runUnlock } = await import('./unlock-action');
    run.done(await runUnlock(contextOf(command, run)));
  });
}
