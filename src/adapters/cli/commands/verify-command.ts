import type { Command } from 'commander';
import { contextOf, defineCommand } from '../command-kit';
import type { CliRun } from '../command-kit';
import { CONNECTION, COUNTERS } from '../setting-options';
import { datasetOption } from '../datasets';

export function registerVerify(program: Command, run: CliRun): void {
  defineCommand(
    program,
    run,
    'verify',
    'check seeded data of any dataset against the batch registry: schema, parent links, unique ids, counters ahead; exit 1 if anything is wrong',
    [...CONNECTION, ...COUNTERS],
  )
    .option('--json', 'print the result as JSON (for scripts)')
    .option(
      '--seed-file <path>',
      "a seed file (defineSeed): check its collections' schemas and parent links too",
    )
    .addOption(datasetOption())
    .action(async (options: { json?: boolean }, command: Command) => {
      const { runVerify } = await import('./verify-action');
      run.done(await runVerify(contextOf(command, run), options));
    });
}
