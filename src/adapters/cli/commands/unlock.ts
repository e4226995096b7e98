import type { Command } from 'commander';
import { contextOf, defineCommand } from '../command-kit';
import type { CliRun, CommandContext } from '../command-kit';
import { CONNECTION } from '../setting-options';
import { unlock } from '../../../operations/remove/unlock';
import { guardOf } from '../../../config/run-plan';
import { withDatabase } from '../with-database';

export function registerUnlock(program: Command, run: CliRun): void {
  defineCommand(
    program,
    run,
    'unlock',
    'remove a seed lock that no run holds (malformed, dated ahead of the server, or its holder gone); a live lock is kept (exit 4)',
    [...CONNECTION],
  ).action(async (_options: object, command: Command) => {
    run.done(await runUnlock(contextOf(command, run)));
  });
}

/** Watches the lock for a few seconds, then removes it if no run renews it; a live lock is a refusal (exit 4). */
export async function runUnlock(context: CommandContext): Promise<number> {
  const settings = context.settings();
  context.printer.info('Watching the seed lock for 5 s to make sure no run renews it…');
  const result = await withDatabase(settings, (db) => unlock(db, guardOf(settings)));
  context.printer.info(`${result.description}.`);
  return 0;
}
