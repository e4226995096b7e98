import type { Command } from 'commander';
import { Option } from 'commander';
import { FILE_FORMATS } from '../../../files/file-format';
import { contextOf, defineCommand, describeChosen } from '../command-kit';
import type { CliRun } from '../command-kit';
import { GENERATION } from '../setting-options';
import { GENERATED_MARKER } from './generate-options';
import type { GenerateOptions } from './generate-options';
import { datasetOption } from '../datasets';

export function registerGenerate(program: Command, run: CliRun): void {
  defineCommand(
    program,
    run,
    'generate',
    `generate ${describeChosen(run)} without touching the database: a dry run, or files (JSONL/CSV)`,
    [...GENERATION, 'batchSize'],
    true,
  )
    .addOption(
      new Option('--dry-run', 'print the summary and a sample; write nothing').conflicts(['out', 'logsOut']),
    )
    .option(
      '--out <path>',
      'a folder: one file per collection (<collection>.jsonl or .csv); a file (.jsonl, .ndjson or .csv): the first collection',
    )
    .option(
      '--logs-out <file>',
      "with --out <file>: the dataset's second collection to this file (the calls' activity logs)",
    )
    .addOption(new Option('--format <format>', 'file format, instead of the extension').choices(FILE_FORMATS))
    .option('--batch <marker>', `seed_batch marker of the generated documents (default ${GENERATED_MARKER})`)
    .option('--force', 'overwrite existing files')
    .option('--seed-file <path>', 'a seed file (defineSeed): generate its dataset with its options')
    .addOption(datasetOption())
    .action(async (options: GenerateOptions, command: Command) => {
      const { runGenerate } = await import('./generate-action');
      run.done(await runGenerate(contextOf(command, run), options));
    });
}
