import { resolve } from 'node:path';
import { formatOf } from '../../../files/file-format';
import { importCallsFile, validateImportFile } from '../../../operations/import/import-calls-file';
import { redactUrl } from '../../../redact';
import { plural } from '../command-kit';
import type { CommandContext } from '../command-kit';
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
  const source = {
    path: resolve(io.cwd, file),
    name: file,
    format: formatOf(file, options.format),
    batch: markerOption(options.batch, markerFromFile(file)),
  };
  const validated = await validateImportFile(source, settings);
  context.printer.info(`Checked ${file}: ${plural(validated.rows, 'call')}, all valid`);
  const progress = startProgress(io, {
    label: 'importing',
    unit: 'calls',
    total: validated.rows,
    quiet: context.quiet,
  });
  const result = await context
    .interruptible((signal) =>
      withDatabase(settings, (db) =>
        importCallsFile(db, validated, settings, context.printer.logger, {
          onProgress: (n) => progress.update(n),
          signal,
        }),
      ),
    )
    .finally(() => progress.stop());
  const { printer } = context;
  printer.info(
    `Imported ${plural(validated.rows, 'call')} into ${settings.dbName} at ${redactUrl(settings.mongoUrl)}`,
  );
  printer.info(`  calls          ids ${result.calls.first}..${result.calls.last}`);
  printer.info(`  activity_logs  ids ${result.logs.first}..${result.logs.last}`);
  printer.info(
    `  marker         seed_batch = "${result.batch}"  (remove with: crm-seed cleanup --batch ${result.batch})`,
  );
  printer.info(`  took ${(result.elapsedMs / 1000).toFixed(2)} s`);
  return 0;
}
