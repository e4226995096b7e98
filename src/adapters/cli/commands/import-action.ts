import { resolve } from 'node:path';
import { counterOf, guardOf } from '../../../config/run-plan';
import { formatOf } from '../../../files/file-format';
import { rowImportOf } from '../../../operations/import/document-import';
import { importFile, validateImportFile } from '../../../operations/import/import-file';
import { redactUrl } from '../../../redact';
import { plural } from '../command-kit';
import type { CommandContext } from '../command-kit';
import { datasetOf } from '../datasets';
import { startProgress } from '../progress';
import { withDatabase } from '../with-database';
import type { ImportOptions } from './import-options';
import { markerFromFile, markerOption } from './marker';
import { checkWriteTarget } from '../write-target';

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
  const spec = datasetOf(context.io.cwd, settings, batch, options);
  const rows = rowImportOf(
    spec,
    options.collection,
    options.seedFile ? `--seed-file ${options.seedFile}` : 'import',
  );
  const validated = await validateImportFile(source, rows);
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
