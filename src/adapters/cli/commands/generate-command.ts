import type { Command } from 'commander';
import { Option } from 'commander';
import { FILE_FORMATS } from '../../../files/file-format';
import { contextOf, defineCommand } from '../command-kit';
import type { CliRun } from '../command-kit';
import { GENERATION } from '../setting-options';
import { GENERATED_MARKER } from './generate-options';
import type { GenerateOptions } from './generate-options';
import { datasetOption, DEFAULT_DESCRIPTION } from '../datasets';

export function registerGenerate(program: Command, run: CliRun): void {
  defineCommand(
    program,
    'generate',
    `generate a dataset (default: ${DEFAULT_DESCRIPTION}; --dataset, --seed-file) without touching the database: a dry run, or files (JSONL/CSV)`,
    [...GENERATION, 'batchSize'],
  )
    .addOption(
      new Option('--dry-run', 'print the summary and a sample; write nothing').conflicts(['out', 'logsOut']),
    )
    .option(
      '--out <file>',
      'write the documents to this file (.jsonl or .csv); with --dataset or --seed-file a folder, one file per collection',
    )
    .option('--logs-out <file>', `the default dataset's children to this file too (${DEFAULT_DESCRIPTION})`)
    .addOption(new Option('--format <format>', 'file format, instead of the extension').choices(FILE_FORMATS))
    .option('--batch <marker>', `seed_batch marker of the generated documents (default ${GENERATED_MARKER})`)
    .option('--force', 'overwrite existing files')
    .option(
      '--seed-file <path>',
      'a defineSeed seed file: generate its dataset instead, --out is then a folder (one file per collection)',
    )
    .addOption(datasetOption())
    .action(async (options: GenerateOptions, command: Command) => {
      const { runGenerate } = await import('./generate-action');
      run.done(await runGenerate(contextOf(command, run), options));
    });
}
