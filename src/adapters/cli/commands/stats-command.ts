import type { Command } from 'commander';
import { contextOf, defineCommand } from '../command-kit';
import type { CliRun } from '../command-kit';
import { CONNECTION } from '../setting-options';
import { datasetOption } from '../datasets';

// Commands load their implementation when run, so `--help` and the other commands start fast.
export function registerStats(program: Command, run: CliRun): void {
  defineCommand(
    program,
    run,
    'stats',
    'seeded documents per seed batch and collection, with id ranges, from the batch registry (any dataset)',
    CONNECTION,
  )
    .addOption(datasetOption())
    .option('--seed-file <file>', "list a seed file's collections (defineSeed) in the totals")
    .option('--json', 'print the figures as JSON (for scripts)')
    .option(
      '--totals',
      "also every document per collection and the app's own (metadata counts: seconds on FerretDB at millions)",
    )
    .action(async (options: { json?: boolean; totals?: boolean }, command: Command) => {
      const { runStats } = await import('./stats-action');
      run.done(await runStats(contextOf(command, run), options));
    });
}
