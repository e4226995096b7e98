import { mkdirSync } from 'node:fs';
import { refDateOf, seedOf } from '../../../config/run-plan';
import { resolve } from 'node:path';
import { ConfigError } from '../../../errors';
import { exportDataset } from '../../../operations/export-generated';
import { exportCalls } from '../../../datasets/crm-calls/export';
import { checkDataset } from '../../../generate/dataset';
import type { FileFormat } from '../../../files/file-format';
import { datasetOf, DEFAULT_DATASET } from '../datasets';
import type { FileTarget } from '../../../operations/export-generated';
import { fileError } from '../../../files/file-errors';
import { formatOf } from '../../../files/file-format';
import { planFromSettings } from '../../../datasets/crm-calls/options';
import type { CallsSettings } from '../../../datasets/crm-calls/options-table';
import { plural } from '../command-kit';
import type { CommandContext } from '../command-kit';
import { startProgress } from '../progress';
import { createPrinter } from '../output';
import { GENERATED_MARKER } from './generate-options';
import type { GenerateOptions } from './generate-options';
import { markerOption } from './marker';

const CALLS_DATASET = 'crm-calls';

/** What a second Ctrl-C, which exits at once, leaves of a generate. */
const PARTIAL_FILES_LEFT =
  'no output file was written, but its temporary files (<file>.<pid>-<random>.partial, beside each output) may be left: delete them';

/** Output names that mean this process's standard output: written to it in place, never replaced. */
const STDOUT_NAMES: ReadonlySet<string> = new Set(['-', '/dev/stdout', '/dev/fd/1', '/proc/self/fd/1']);

export async function runGenerate(context: CommandContext, options: GenerateOptions): Promise<number> {
  if (options.seedFile !== undefined || (options.dataset ?? DEFAULT_DATASET) !== CALLS_DATASET) {
    return runGenerateDataset(context, options);
  }
  if (!options.dryRun && options.out === undefined) {
    throw new ConfigError(
      'generate needs --out <file> (write JSONL/CSV files) or --dry-run (print a summary and a sample only)',
      { code: 'BAD_INPUT' },
    );
  }
  if (options.logsOut !== undefined && options.out === undefined) {
    throw new ConfigError('--logs-out needs --out as well', { code: 'BAD_INPUT' });
  }
  const settings = context.settings();
  const batch = markerOption(options.batch, GENERATED_MARKER);
  const target = (path: string | undefined): FileTarget | undefined => {
    if (path === undefined) return undefined;
    // `-` and the names of this process's standard output are written in place: what the user means.
    if (STDOUT_NAMES.has(path)) {
      return {
        path: '-',
        name: 'standard output',
        format: formatOf('x.jsonl', options.format),
        stream: context.io.stdout,
      };
    }
    return { path: resolve(context.io.cwd, path), name: path, format: formatOf(path, options.format) };
  };
  const calls = target(options.out);
  const logs = target(options.logsOut);
  if (calls && logs && calls.path === logs.path)
    throw new ConfigError('--out and --logs-out must be different files', { code: 'BAD_INPUT' });
  // With the data on standard output, the summary goes to standard error.
  const printer =
    calls?.stream || logs?.stream
      ? createPrinter({ ...context.io, stdout: context.io.stderr }, context.quiet)
      : context.printer;

  // The CLI resolved every built-in dataset's options, the calls' among them.
  const plan = planFromSettings(settings as CallsSettings, batch);
  const progress = startProgress(context.io, {
    label: calls ? 'writing' : 'generating',
    unit: 'calls',
    total: plan.count,
    quiet: context.quiet,
  });
  // Ctrl-C or SIGTERM stops between chunks and removes the partial files (exit 130/143, one line).
  const result = await context
    .interruptible(
      (signal) =>
        exportCalls({
          plan,
          ...(calls ? { calls } : {}),
          ...(logs ? { logs } : {}),
          overwrite: options.force === true,
          chunkSize: settings.batchSize,
          firstCallId: 1,
          firstLogId: 1,
          onProgress: (n) => progress.update(n),
          signal,
        }),
      PARTIAL_FILES_LEFT,
    )
    .finally(() => progress.stop());

  if (options.dryRun) printer.info('Dry run: nothing written (no database, no files).');
  printer.info(
    `${options.dryRun ? 'Would generate' : 'Generated'} ${plural(plan.count, 'call')} with their activity logs`,
  );
  if (calls) printer.info(`  calls          -> ${calls.stream ? calls.name : options.out} (${calls.format})`);
  if (logs) printer.info(`  activity logs  -> ${logs.stream ? logs.name : options.logsOut} (${logs.format})`);
  else if (calls)
    printer.info('  activity logs  not written (add --logs-out <file>; import creates them anyway)');
  for (const line of result.summary) printer.info(`  ${line}`);
  if (options.dryRun && result.sample) {
    printer.info('Sample call:');
    printer.info(JSON.stringify(result.sample.call, null, 2));
    printer.info('Sample activity log:');
    printer.info(JSON.stringify(result.sample.log, null, 2));
  }
  return 0;
}

/** `generate --seed-file <file>` or `--dataset <name>`: any dataset, one file per collection in the --out folder. */
async function runGenerateDataset(context: CommandContext, options: GenerateOptions): Promise<number> {
  const source =
    options.seedFile !== undefined ? `--seed-file ${options.seedFile}` : `--dataset ${options.dataset}`;
  if (!options.dryRun && options.out === undefined) {
    throw new ConfigError(`generate ${source} needs --out <folder> (one file per collection) or --dry-run`, {
      code: 'BAD_INPUT',
    });
  }
  if (options.logsOut !== undefined) {
    throw new ConfigError(
      `--logs-out is for the calls dataset; with ${source} every collection gets its own file`,
      {
        code: 'BAD_INPUT',
      },
    );
  }
  if (options.out !== undefined && STDOUT_NAMES.has(options.out)) {
    throw new ConfigError(
      `generate ${source} writes one file per collection into the --out folder; standard output (--out ${options.out}) takes one file: use --dataset crm-calls, or name a folder`,
      { code: 'BAD_INPUT' },
    );
  }
  const settings = context.settings();
  const batch = markerOption(options.batch, GENERATED_MARKER);
  const spec = datasetOf(context.io.cwd, settings, batch, options);
  const dir = options.out === undefined ? undefined : resolve(context.io.cwd, options.out);
  if (dir) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw fileError(err, 'create', dir, options.out ?? dir);
    }
  }
  const totals = checkDataset(spec, source);
  const seed = seedOf(settings, batch);
  const refDate = refDateOf(settings);
  const plan = { batch, seed, refDate, spec, totals, existing: new Map() };
  const root = spec.collections[0]!;
  const progress = startProgress(context.io, {
    label: dir ? 'writing' : 'generating',
    unit: root.name,
    total: totals.get(root.name) ?? 0,
    quiet: context.quiet,
  });
  const format: FileFormat = options.format === 'csv' ? 'csv' : 'jsonl';
  const result = await context
    .interruptible(
      (signal) =>
        exportDataset({
          plan,
          dir,
          format,
          overwrite: options.force === true,
          chunkSize: settings.batchSize,
          onProgress: (n) => progress.update(n),
          signal,
        }),
      PARTIAL_FILES_LEFT,
    )
    .finally(() => progress.stop());
  const { printer } = context;
  if (options.dryRun) printer.info('Dry run: nothing written (no database, no files).');
  for (const c of result.collections) {
    const where = c.path ? ` -> ${c.path}` : '';
    printer.info(`  ${c.name.padEnd(14)} ${c.count.toLocaleString('en-US')}${where}`);
  }
  printer.info(
    `  seed_batch "${batch}", ids from 1 (illustrative), reproduce with --seed ${seed} --ref-date ${refDate.toISOString()}`,
  );
  if (options.dryRun) {
    for (const [name, sample] of Object.entries(result.samples)) {
      printer.info(`Sample ${name} document:`);
      printer.info(JSON.stringify(sample, null, 2));
    }
  }
  return 0;
}
