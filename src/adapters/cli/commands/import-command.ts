import type { Command } from 'commander';
import { Option } from 'commander';
import { FILE_FORMATS } from '../../../files/file-format';
import { contextOf, defineCommand, describeChosen } from '../command-kit';
import type { CliRun } from '../command-kit';
import { CONNECTION, COUNTERS, GUARD, WRITING } from '../setting-options';
import type { ImportOptions } from './import-options';
import { datasetOption } from '../datasets';

const IMPORT_SETTINGS: readonly string[] = [...CONNECTION, 'refDate', ...WRITING, ...COUNTERS, ...GUARD];

export function registerImport(program: Command, run: CliRun): void {
  defineCommand(
    program,
    run,
    'import',
    `insert documents of ${describeChosen(run)} from a CSV or JSONL file under one seed_batch marker`,
    IMPORT_SETTINGS,
    true,
  )
    .argument('<file>', '*.csv (a header naming the fields) or *.jsonl (one document per line)')
    .option('--batch <marker>', 'seed_batch marker for everything imported (default: import-<file name>)')
    .option('--seed-file <file>', "import into a seed file's dataset (defineSeed), with its options")
    .addOption(datasetOption())
    .option(
      '--collection <name>',
      "the collection the rows become documents of (default: the dataset's own import, or its first collection)",
    )
    .addOption(new Option('--format <format>', 'file format, instead of the extension').choices(FILE_FORMATS))
    .addHelpText(
      'after',
      '\nThe whole file is checked first; any bad row refuses the import with its line number and nothing is written.\n' +
        "ids (and the CRM datasets' ukeys) come from the counters (file ids are replaced); --tenant/--user fill rows without tenant_id/user_id;\n" +
        '--ref-date is the import time (createdon of rows without one). Remove an import with: crm-seed cleanup --batch <marker>',
    )
    .action(async (file: string, options: ImportOptions, command: Command) => {
      const { runImport } = await import('./import-action');
      run.done(await runImport(contextOf(command, run), file, options));
    });
}
