import { lstatSync, mkdirSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { ConfigError } from '../../../errors';
import { FILE_FORMATS, formatOf } from '../../../files/file-format';
import type { FileFormat } from '../../../files/file-format';
import { fileError } from '../../../files/file-errors';
import type { BatchExportRequest } from '../../../operations/export/export-batch';
import type { FileTarget } from '../../../operations/export/write-files';
import { redactUrl } from '../../../redact';
import { contextOf, defineCommand, plural } from '../command-kit';
import type { CliRun, CommandContext } from '../command-kit';
import { datasetOf, datasetOption } from '../datasets';
import { createPrinter } from '../output';
import { startProgress } from '../progress';
import { CONNECTION } from '../setting-options';
import { withDatabase } from '../with-database';

interface ExportOptions {
  batch: string;
  collection?: string[];
  out: string;
  format?: string;
  force?: boolean;
}

/** Output names that mean this process's standard output: written to it in place. */
const STDOUT_NAMES: ReadonlySet<string> = new Set(['-', '/dev/stdout', '/dev/fd/1', '/proc/self/fd/1']);

/** What a second Ctrl-C, which exits at once, leaves of an export. */
const PARTIAL_FILES_LEFT =
  'no output file was written, but its temporary files (<file>.<pid>-<random>.partial, beside each output) may be left: delete them';

export function registerExport(program: Command, run: CliRun): void {
  defineCommand(
    program,
    run,
    'export',
    'write what a batch holds in the database to JSONL or CSV files, read only (import writes them back, under new ids)',
    CONNECTION,
  )
    .requiredOption('--batch <marker>', 'the batch to export (crm-seed stats lists them)')
    .option(
      '--collection <name...>',
      'only these collections of the batch (default: every collection it wrote)',
    )
    .requiredOption(
      '--out <path>',
      'a folder (one <collection>.jsonl or .csv each), or a file when one collection is exported; - for standard output',
    )
    .addOption(new Option('--format <format>', 'file format, instead of the extension').choices(FILE_FORMATS))
    .option('--force', 'replace existing files (regular files only)')
    .option('--seed-file <path>', 'a seed file (defineSeed) whose dataset names the CSV columns')
    .addOption(datasetOption())
    .action(async (options: ExportOptions, command: Command) => {
      run.done(await runExport(contextOf(command, run), options));
    });
}

async function runExport(context: CommandContext, options: ExportOptions): Promise<number> {
  const settings = context.settings();
  const spec = datasetOf(context.dataset, settings, options.batch);
  const columnsOf = (name: string) => spec.collections.find((c) => c.name === name)?.columns;
  const { exportBatch } = await import('../../../operations/export/export-batch');
  const progress = startProgress(context.io, {
    label: 'exporting',
    unit: 'documents',
    total: 0,
    quiet: context.quiet,
  });
  const result = await context
    .interruptible(
      (signal) =>
        withDatabase(settings, async (db) => {
          const destination = await destinationOf(context, options, async () => {
            const { findBatch } = await import('../../../write/registry/batch-registry');
            return (await findBatch(db, options.batch))?.collections.map((c) => c.name) ?? [];
          });
          const request: BatchExportRequest = {
            db,
            batch: options.batch,
            collections: options.collection,
            ...destination,
            overwrite: options.force === true,
            columnsOf,
            onProgress: (n) => progress.update(n),
            signal,
          };
          return exportBatch(request);
        }),
      PARTIAL_FILES_LEFT,
    )
    .finally(() => progress.stop());
  // With the data on standard output, the summary goes to standard error.
  const printer = STDOUT_NAMES.has(options.out)
    ? createPrinter({ ...context.io, stdout: context.io.stderr }, context.quiet)
    : context.printer;
  const total = result.collections.reduce((sum, c) => sum + c.count, 0);
  printer.info(
    `Exported batch ${result.batch} from ${settings.dbName} at ${redactUrl(settings.mongoUrl)}: ${plural(total, 'document')}`,
  );
  for (const c of result.collections) {
    const where = STDOUT_NAMES.has(options.out) ? 'standard output' : (c.path ?? '');
    printer.info(`  ${c.name.padEnd(14)} ${c.count.toLocaleString('en-US')} -> ${where}`);
  }
  printer.info(`  import it elsewhere with: crm-seed import <file> --batch <marker>`);
  return 0;
}

/** `--out`: a folder for every collection, or one file (or standard output) for one collection. */
async function destinationOf(
  context: CommandContext,
  options: ExportOptions,
  batchCollections: () => Promise<readonly string[]>,
): Promise<Pick<BatchExportRequest, 'dir' | 'targets' | 'format'>> {
  const { out } = options;
  const asFile =
    STDOUT_NAMES.has(out) ||
    ['.jsonl', '.ndjson', '.csv'].includes(extname(out).toLowerCase()) ||
    isNotFolder(resolve(context.io.cwd, out));
  if (asFile) {
    const names = options.collection?.length ? options.collection : await batchCollections();
    if (names.length !== 1) {
      throw new ConfigError(
        `--out ${out} is one file, and batch ${options.batch} has ${names.length} collections (${names.join(', ')}): name one with --collection, or give a folder`,
        { code: 'BAD_INPUT', batch: options.batch },
      );
    }
    const target: FileTarget = STDOUT_NAMES.has(out)
      ? {
          path: '-',
          name: 'standard output',
          format: formatOf('x.jsonl', options.format),
          stream: context.io.stdout,
        }
      : { path: resolve(context.io.cwd, out), name: out, format: formatOf(out, options.format) };
    return { targets: { [names[0]!]: target }, format: target.format };
  }
  const dir = resolve(context.io.cwd, out);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw fileError(err, 'create', dir, out);
  }
  const format: FileFormat = options.format === 'csv' ? 'csv' : 'jsonl';
  return { dir, format };
}

function isNotFolder(path: string): boolean {
  try {
    return !lstatSync(path).isDirectory();
  } catch {
    return extname(path) !== '';
  }
}
