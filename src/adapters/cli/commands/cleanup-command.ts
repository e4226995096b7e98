import type { Command } from 'commander';
import { Option } from 'commander';
import { contextOf, defineCommand, describeChosen } from '../command-kit';
import type { CliRun } from '../command-kit';
import { CHANGELOG, CONNECTION, GUARD } from '../setting-options';
import type { CleanupOptions } from './cleanup-options';
import { datasetOption } from '../datasets';

const SELECTORS = ['batch', 'ids', 'last'];

export function registerCleanup(program: Command, run: CliRun): void {
  defineCommand(
    program,
    run,
    'cleanup',
    `remove seeded documents (only those with a seed_batch marker) of a batch, or by id range or count in a collection of ${describeChosen(run)}; asks you to type DELETE`,
    [...CONNECTION, ...GUARD, ...CHANGELOG],
  )
    .addOption(selector('--batch <marker>', 'every document of one seed batch, in every collection', 'batch'))
    .addOption(
      selector(
        '--ids <from>-<to>',
        'seeded documents of the collection with ids in this range, and their children',
        'ids',
      ),
    )
    .addOption(
      selector(
        '--last <n>',
        'the newest n seeded documents of the collection (highest ids), and their children',
        'last',
      ),
    )
    .option('--seed-file <file>', "--ids/--last count in a seed file's dataset (defineSeed)")
    .addOption(datasetOption())
    .option(
      '--collection <name>',
      "the collection --ids/--last count in (default: the dataset's first); its children go with it",
    )
    .option('-y, --yes', 'delete without asking (for scripts)')
    .option('--dry-run', 'show what would be deleted, delete nothing')
    .addHelpText(
      'after',
      '\nWithout --batch/--ids/--last on a terminal, an interactive menu offers the same choices and statistics.\n' +
        'Without a terminal on standard input, --yes is required.',
    )
    .action(async (options: CleanupOptions, command: Command) => {
      const { runCleanup } = await import('./cleanup-action');
      run.done(await runCleanup(contextOf(command, run), options));
    });
}

function selector(flags: string, description: string, name: string): Option {
  return new Option(flags, description).conflicts(SELECTORS.filter((s) => s !== name));
}
