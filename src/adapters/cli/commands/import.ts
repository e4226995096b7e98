import type { Command } from 'commander';
import { Option } from 'commander';
import { FILE_FORMATS, formatOf } from '../../../files/file-format';
import { contextOf, defineCommand, describeChosen, plural } from '../command-kit';
import type { CliRun, CommandContext } from '../command-kit';
import { CONNECTION, COUNTERS, GUARD, WRITING } from '../setting-options';
import { datasetOption, datasetOf } from '../datasets';
import { resolve } from 'node:path';
import { counterOf, guardOf } from '../../../config/run-plan';
import { rowImportOf } from '../../../operations/import/document-import';
import { importFile, validateImportFile } from '../../../operations/import/import-file';
import { redactUrl } from '../../../redact';
import { startProgress } from '../progress';
import { withDatabase } from '../with-database';
import { markerFromFile, markerOption } from '../marker';
import { checkWriteTarget } from '../write-target';
import { ConfigError } from '../../../errors';
import { BUILT_IN_DATASETS } from '../../../datasets';
import { settingsWith } from '../../../config/load-settings';
import { datasetRun } from '../../../config/dataset-run';
import { readDocRows } from '../../../files/doc-file-reader';
import type { FileFormat } from '../../../files/file-format';

/** The options of `crm-seed import` as commander parses them. */
export interface ImportOptions {
  batch?: string;
  format?: string;
  /** A defineSeed seed file: import into its dataset instead of a built-in one. */
  seedFile?: string;
  dataset?: string;
  /** The collection the rows become documents of (default: the dataset's import, or its first). */
  collection?: string;
}

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
      run.done(await runImport(contextOf(command, run), file, options));
    });
}

/** Rows read to tell which built-in dataset a file of unknown fields belongs to. */
const HINT_ROWS = 20;

/**
 * A file refused for unknown fields may be another built-in dataset's: its first rows are
 * tried against each other one, and the message names the one that takes them all.
 */
async function withDatasetHint(
  err: unknown,
  context: CommandContext,
  source: {
    readonly path: string;
    readonly name: string;
    readonly format: FileFormat;
    readonly batch: string;
  },
): Promise<unknown> {
  if (!(err instanceof ConfigError) || !/unknown field/.test(err.message)) return err;
  const rows: Readonly<Record<string, unknown>>[] = [];
  for await (const entry of readDocRows(source.path, source.format, source.name)) {
    if ('row' in entry) rows.push(entry.row);
    if (rows.length >= HINT_ROWS) break;
  }
  const fits = BUILT_IN_DATASETS.filter((d) => d !== context.dataset.dataset).find((d) => {
    const importer = datasetRun(d, settingsWith(d), source.batch).spec.import;
    return (
      importer !== undefined &&
      rows.length > 0 &&
      rows.every((row) => !('error' in importer.row(row, 1, { batch: source.batch })))
    );
  });
  if (!fits) return err;
  return new ConfigError(
    `${err.message}
These rows are ${fits.name}'s: try --dataset ${fits.name}`,
    { code: 'BAD_INPUT' },
  );
}

export async function runImport(
  context: CommandContext,
  file: string,
  options: ImportOptions,
): Promise<number> {
  const { io } = context;
  const settings = context.settings();
  checkWriteTarget(settings, context.printer);
  const batch = markerOption(options.batch, markerFromFile(file));
  const source = { path: resolve(io.cwd, file), name: file, format: formatOf(file, options.format), batch };
  const spec = datasetOf(context.dataset, settings, batch);
  const rows = rowImportOf(
    spec,
    options.collection,
    context.dataset.explicit ? context.dataset.source : 'import',
  );
  const validated = await validateImportFile(source, rows).catch(async (err: unknown) => {
    throw await withDatasetHint(err, context, source);
  });
  context.printer.info(`Checked ${file}: ${plural(validated.rows, rows.noun)}, all valid`);
  const progress = startProgress(io, {
    label: 'importing',
    unit: `${rows.noun}s`,
    total: validated.rows,
    quiet: context.quiet,
  });
  const run = {
    counter: counterOf(settings),
    guard: guardOf(settings),
    batchSize: settings.batchSize,
    concurrency: settings.concurrency,
    logger: context.printer.logger,
  };
  const result = await context
    .interruptible(
      (signal) =>
        withDatabase(settings, (db) =>
          importFile(db, validated, rows, { ...run, onProgress: (n) => progress.update(n), signal }),
        ),
      `what was imported so far is left: remove it with crm-seed cleanup --batch ${batch}`,
    )
    .finally(() => progress.stop());
  const { printer } = context;
  printer.info(
    `Imported ${plural(validated.rows, rows.noun)} into ${settings.dbName} at ${redactUrl(settings.mongoUrl)}`,
  );
  for (const [name, block] of Object.entries(result.blocks)) {
    printer.info(`  ${name.padEnd(14)} ids ${block.first}..${block.last}`);
  }
  printer.info(
    `  marker         seed_batch = "${result.batch}"  (remove with: crm-seed cleanup --batch ${result.batch})`,
  );
  printer.info(`  took ${(result.elapsedMs / 1000).toFixed(2)} s`);
  return 0;
}
