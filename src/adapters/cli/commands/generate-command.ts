import type { Command } from 'commander';
import { Option } from 'commander';
import { FILE_FORMATS } from '../../../files/file-format';
import type { CliIo } from '../cli-io';
import { contextOf, defineCommand } from '../command-kit';
import { GENERATION } from '../setting-options';

export interface GenerateOptions {
  dryRun?: boolean;
  out?: string;
  logsOut?: string;
  format?: string;
  batch?: string;
  force?: boolean;
}

/** Marker of generated files; import replaces it with its own. */
export const GENERATED_MARKER = 'generated';

export function registerGenerate(program: Command, io: CliIo, done: (code: number) => void): void {
  defineCommand(
    program,
    'generate',
    'generate calls and activity logs without touching the database: a dry run, or files (JSONL/CSV)',
    [...GENERATION, 'batchSize'],
  )
    .addOption(
      new Option('--dry-run', 'print the summary and a sample; write nothing').conflicts(['out', 'logsOut']),
    )
    .option('--out <file>', 'write the calls to this file (.jsonl or .csv)')
    .option('--logs-out <file>', 'write the activity logs to this file too')
    .addOption(new Option('--format <format>', 'file format, instead of the extension').choices(FILE_FORMATS))
    .option('--batch <marker>', `seed_batch marker of the generated documents (default ${GENERATED_MARKER})`)
    .option('--force', 'overwrite existing files')
    .action(async (options: GenerateOptions, command: Command) => {
      const { runGenerate } = await import('./generate-action');
      done(await runGenerate(contextOf(command, io), options));
    });
}
