import type { Command } from 'commander';
import { Option } from 'commander';
import { FILE_FORMATS, formatOf } from '../../../files/file-format';
import { contextOf, defineCommand, describeChosen, plural } from '../command-kit';
import type { CliRun, CommandContext } from '../command-kit';
import { GENERATION } from '../setting-options';
import { datasetOption } from '../datasets';
import { lstatSync, mkdirSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { datasetRun } from '../../../config/dataset-run';
import { checkDataset } from '../../../dataset/check-dataset';
import { labelOf } from '../../../dataset/build-dataset';
import type { BuiltDataset } from '../../../dataset/contract';
import { ConfigError } from '../../../errors';
import { exportDataset } from '../../../operations/export/export-generated';
import type { FileTarget } from '../../../operations/export/export-generated';
import { standInRecords } from '../../../generate/stand-ins';
import { fileError } from '../../../files/file-errors';
import type { FileFormat } from '../../../files/file-format';
import { startProgress } from '../progress';
import { createPrinter } from '../output';
import { markerOption } from '../marker';

/** The options of `crm-seed generate` as commander parses them. */
export interface GenerateOptions {
  dryRun?: boolean;
  out?: string;
  logsOut?: string;
  format?: string;
  batch?: string;
  force?: boolean;
  seedFile?: string;
  dataset?: string;
}

/** Marker of generated files; import replaces it with its own. */
export const GENERATED_MARKER = 'generated';

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
      run.done(await runGenerate(contextOf(command, run), options));
    });
}

/** What a second Ctrl-C, which exits at once, leaves of a generate. */
const PARTIAL_FILES_LEFT =
  'no output file was written, but its temporary files (<file>.<pid>-<random>.partial, beside each output) may be left: delete them';

/** Output names that mean this process's standard output: written to it in place, never replaced. */
const STDOUT_NAMES: ReadonlySet<string> = new Set(['-', '/dev/stdout', '/dev/fd/1', '/proc/self/fd/1']);

/**
 * `--out` names a file (the first collection's) when it ends in a file format's extension, or
 * is something other than a folder already (a file, a device, a link: the writer decides), or
 * has an extension and does not exist yet; otherwise a folder, one file per collection.
 */
function isFilePath(path: string): boolean {
  if (STDOUT_NAMES.has(path)) return true;
  if (['.jsonl', '.ndjson', '.csv'].includes(extname(path).toLowerCase())) return true;
  try {
    return !lstatSync(path).isDirectory();
  } catch {
    return extname(path) !== '';
  }
}

/** Where each collection goes: `--out <folder>` one file each; `--out <file>` (and `--logs-out`) the first (and second). */
function targetsOf(
  context: CommandContext,
  options: GenerateOptions,
  spec: BuiltDataset,
): { readonly dir?: string; readonly targets?: Record<string, FileTarget>; readonly format: FileFormat } {
  const { logsOut } = options;
  const out =
    options.out === undefined || STDOUT_NAMES.has(options.out)
      ? options.out
      : resolve(context.io.cwd, options.out);
  const target = (path: string): FileTarget =>
    // `-` and the names of this process's standard output are written in place: what the user means.
    STDOUT_NAMES.has(path)
      ? {
          path: '-',
          name: 'standard output',
          format: formatOf('x.jsonl', options.format),
          stream: context.io.stdout,
        }
      : { path: resolve(context.io.cwd, path), name: path, format: formatOf(path, options.format) };
  if (logsOut !== undefined && (out === undefined || !isFilePath(out))) {
    throw new ConfigError('--logs-out needs --out <file> as well (a file, not a folder)', {
      code: 'BAD_INPUT',
    });
  }
  if (out !== undefined && isFilePath(out)) {
    const [first, second] = spec.collections;
    const targets: Record<string, FileTarget> = { [first!.name]: target(options.out!) };
    if (logsOut !== undefined) {
      if (!second) {
        throw new ConfigError(`--logs-out: the ${spec.name} dataset has one collection only`, {
          code: 'BAD_INPUT',
        });
      }
      targets[second.name] = target(logsOut);
      if (targets[second.name]!.path === targets[first!.name]!.path)
        throw new ConfigError('--out and --logs-out must be different files', { code: 'BAD_INPUT' });
    }
    return { targets, format: targets[first!.name]!.format };
  }
  const format: FileFormat = (FILE_FORMATS as readonly string[]).includes(options.format ?? '')
    ? (options.format as FileFormat)
    : 'jsonl';
  if (out === undefined) return { format };
  const dir = out;
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw fileError(err, 'create', dir, options.out!);
  }
  return { dir, format };
}

/**
 * `generate`: any dataset (the chosen one) into files or only summed up, ids from 1
 * (illustrative: nothing is reserved, no database is read). A link that is not optional gets
 * stand-in records (ids 1-1000) instead of the database's, and the summary says so.
 */
export async function runGenerate(context: CommandContext, options: GenerateOptions): Promise<number> {
  if (!options.dryRun && options.out === undefined) {
    throw new ConfigError(
      'generate needs --out <file> or <folder> (write JSONL/CSV files) or --dry-run (print a summary and a sample only)',
      { code: 'BAD_INPUT' },
    );
  }
  const settings = context.settings();
  const batch = markerOption(options.batch, GENERATED_MARKER);
  const { spec, seed, refDate } = datasetRun(context.dataset.dataset, settings, batch);
  const totals = checkDataset(spec, context.dataset.source);
  const where = targetsOf(context, options, spec);
  const standIns = spec.links.filter((l) => !l.optional && !spec.lenientPick);
  const existing = new Map(standIns.map((l) => [l.name, standInRecords(l)] as const));
  const plan = { batch, seed, refDate, spec, totals, existing };
  const root = spec.collections[0]!;
  const progress = startProgress(context.io, {
    label: options.dryRun ? 'generating' : 'writing',
    unit: root.name,
    total: totals.get(root.name) ?? 0,
    quiet: context.quiet,
  });
  // Ctrl-C or SIGTERM stops between chunks and removes the partial files (exit 130/143, one line).
  const result = await context
    .interruptible(
      (signal) =>
        exportDataset({
          plan,
          ...where,
          overwrite: options.force === true,
          chunkSize: settings.batchSize,
          onProgress: (n) => progress.update(n),
          signal,
        }),
      PARTIAL_FILES_LEFT,
    )
    .finally(() => progress.stop());

  // With the data on standard output, the summary goes to standard error.
  const toStdout = Object.values(where.targets ?? {}).some((t) => t.stream !== undefined);
  const printer = toStdout
    ? createPrinter({ ...context.io, stdout: context.io.stderr }, context.quiet)
    : context.printer;
  if (options.dryRun) printer.info('Dry run: nothing written (no database, no files).');
  const [first, ...rest] = result.collections;
  const children = rest.map((c) => plural(c.count, labelOf(c.name))).join(', ');
  printer.info(
    `${options.dryRun ? 'Would generate' : 'Generated'} ${plural(first!.count, labelOf(first!.name))}${children ? ` with ${children}` : ''}`,
  );
  for (const c of result.collections) {
    const name =
      where.targets?.[c.name]?.name ??
      (where.dir ? join(options.out!, `${c.name}.${where.format}`) : undefined);
    const written = c.path && name ? `-> ${name} (${where.format})` : '';
    const skipped =
      !c.path && !options.dryRun ? 'not written (with --out <file>, add --logs-out <file>)' : '';
    printer.info(`  ${c.name.padEnd(14)} ${c.count.toLocaleString('en-US')} ${written || skipped}`.trimEnd());
  }
  for (const line of result.summary) printer.info(`  ${line}`);
  if (standIns.length > 0) {
    printer.info(
      `  links          ${standIns.map((l) => l.name).join(', ')}: stand-in ids 1-1000 (generate reads no database)`,
    );
  }
  printer.info(
    `  seed_batch "${batch}", ids from 1 (illustrative), reproduce with --seed ${seed} --ref-date ${refDate.toISOString()}`,
  );
  if (options.dryRun) {
    for (const [name, sample] of Object.entries(result.samples)) {
      printer.info(`Sample ${labelOf(name)}:`);
      printer.info(JSON.stringify(sample, null, 2));
    }
  }
  return 0;
}
