import type { Command } from 'commander';
import type { CliIo } from '../cli-io';
import { contextOf, defineCommand } from '../command-kit';
import { CONNECTION, COUNTERS } from '../setting-options';

export function registerVerify(program: Command, io: CliIo, done: (code: number) => void): void {
  defineCommand(
    program,
    'verify',
    'check seeded data: schema, log<->call links, unique ids and ukeys, counters ahead; exit 1 if anything is wrong',
    [...CONNECTION, ...COUNTERS],
  )
    .option('--json', 'print the result as JSON (for scripts)')
    .action(async (options: { json?: boolean }, command: Command) => {
      const { runVerify } = await import('./verify-action');
      done(await runVerify(contextOf(command, io), options.json === true));
    });
}
