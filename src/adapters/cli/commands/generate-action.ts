import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Settings } from '../../../config/settings-table';
import { ConfigError } from '../../../errors';
import { exportDataset, exportGenerated } from '../../../operations/export-generated';
import { checkDataset } from '../../../generate/dataset';
import { seedFromText } from '../../../generate/random-source';
import { drawnShares, FUTURE_DAYS } from '../../../generate/call-factory';
import type { FileFormat } from '../../../files/file-format';
import { loadSeedFileDataset } from '../seed-file';
import type { ExportResult, FileTarget } from '../../../operations/export-generated';
import { fileError } from '../../../files/file-errors';
import { formatOf } from '../../../files/file-format';
import { planFromSettings } from '../../../operations/settings-views';
import type { GenerationPlan } from '../../../datasets/crm-calls';
import { plural } from '../command-kit';
import type { CommandContext } from '../command-kit';
import { startProgress } from '../progress';
import { GENERATED_MARKER } from './generate-options';
import type { GenerateOptions } from './generate-options';
import { markerOption } from './marker';

export async function runGenerate(context: CommandContext, options: GenerateOptions): Promise<number> {
  if (options.seedFile !== undefined) return runGenerateDataset(context, options, options.seedFile);
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
  const target = (path: string | undefined): FileTarget | undefined =>
    path === undefined
      ? undefined
      : { path: resolve(context.io.cwd, path), name: path, format: formatOf(path, options.format) };
  const calls = target(options.out);
  const logs = target(options.logsOut);
  if (calls && logs && calls.path === logs.path)
    throw new ConfigError('--out and --logs-out must be different files', { code: 'BAD_INPUT' });

  const plan = planFromSettings(settings, batch);
  const progress = startProgress(context.io, {
    label: calls ? 'writing' : 'generating',
    unit: 'calls',
    total: plan.count,
    quiet: context.quiet,
  });
  // Ctrl-C or SIGTERM stops between chunks and removes the partial files (exit 130/143, one line).
  const result = await context
    .interruptible((signal) =>
      exportGenerated({
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
    )
    .finally(() => progress.stop());

  const { printer } = context;
  if (options.dryRun) printer.info('Dry run: nothing written (no database, no files).');
  printer.info(
    `${options.dryRun ? 'Would generate' : 'Generated'} ${plural(plan.count, 'call')} with their activity logs`,
  );
  if (calls) printer.info(`  calls          -> ${options.out} (${calls.format})`);
  if (logs) printer.info(`  activity logs  -> ${options.logsOut} (${logs.format})`);
  else if (calls)
    printer.info('  activity logs  not written (add --logs-out <file>; import creates them anyway)');
  for (const line of describePlan(plan, settings, result)) printer.info(`  ${line}`);
  if (options.dryRun && result.sample) {
    printer.info('Sample call:');
    printer.info(JSON.stringify(result.sample.call, null, 2));
    printer.info('Sample activity log:');
    printer.info(JSON.stringify(result.sample.log, null, 2));
  }
  return 0;
}

function describePlan(plan: GenerationPlan, settings: Settings, result: ExportResult): string[] {
  const o = plan.options;
  const t = result.tally;
  const share = (x: number): string => `${Math.round(x * 100)}%`;
  const percent = (n: number): string => share(n / Math.max(t.calls, 1));
  const refDay = o.refDate.toISOString().slice(0, 10);
  const lists = Object.entries(o.values)
    .map(([name, values]) => `${(values as readonly string[]).length} ${name}`)
    .join(', ');
  return [
    `tenant_id ${o.tenantId}, user_id ${o.userId}, seed_batch "${o.batch}", ids from 1 (import assigns its own)`,
    `window: ${o.from ? `${o.from.toISOString()} .. ${(o.to ?? o.refDate).toISOString()}` : daysWindow(o)}`,
    `start_time ${t.startTime?.first ?? '-'} .. ${t.startTime?.last ?? '-'}`,
    `inbound ${t.inbound} (${percent(t.inbound)}), outbound ${t.outbound} (${percent(t.outbound)})`,
    `past/closed ${t.past} (${percent(t.past)}), scheduled ${t.scheduled} (${percent(t.scheduled)}), owned by user ${o.userId}: ${t.ownedByUser} (${percent(t.ownedByUser)})`,
    // More are scheduled than --future-share drew for the days after: the reference day's later calls too.
    `scheduled ${t.scheduled} = ${t.scheduled - t.scheduledOnRefDay} (${percent(t.scheduled - t.scheduledOnRefDay)}) in the days after ${refDay} + ${t.scheduledOnRefDay} (${percent(t.scheduledOnRefDay)}) later that day, after ${o.refDate.toISOString().slice(11)} (of its ${plural(t.onRefDay, 'call')})`,
    `value lists (${settings.valuesMode}): ${lists}`,
    `reproduce with --seed ${plan.seed} --ref-date ${o.refDate.toISOString()}`,
  ];
}

/** The days window and the shares its start times are drawn with (the tally below counts what came). */
function daysWindow(o: GenerationPlan['options']): string {
  const drawn = drawnShares(o.futureShare);
  const share = (x: number): string => `${Math.round(x * 100)}%`;
  return (
    `the ${o.days} days before ${o.refDate.toISOString()} and the ${FUTURE_DAYS} after; start times drawn ` +
    `${share(drawn.future)} in the ${FUTURE_DAYS} days after (--future-share), ${share(drawn.today)} on the reference day, ${share(drawn.past)} before it`
  );
}

/** `generate --seed-file <file>`: any dataset, one file per collection in the --out folder. */
async function runGenerateDataset(
  context: CommandContext,
  options: GenerateOptions,
  seedFile: string,
): Promise<number> {
  if (!options.dryRun && options.out === undefined) {
    throw new ConfigError(
      'generate --seed-file needs --out <folder> (one file per collection) or --dry-run',
      {
        code: 'BAD_INPUT',
      },
    );
  }
  if (options.logsOut !== undefined) {
    throw new ConfigError(
      '--logs-out is for the calls dataset; with --seed-file every collection gets its own file',
      {
        code: 'BAD_INPUT',
      },
    );
  }
  const spec = loadSeedFileDataset(resolve(context.io.cwd, seedFile));
  const settings = context.settings();
  const batch = markerOption(options.batch, GENERATED_MARKER);
  const dir = options.out === undefined ? undefined : resolve(context.io.cwd, options.out);
  if (dir) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw fileError(err, 'create', dir, options.out ?? dir);
    }
  }
  const totals = checkDataset(spec, `--seed-file ${seedFile}`);
  const seed = settings.randomSeed ?? seedFromText(batch);
  const refDate = settings.refDate ?? new Date();
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
    .interruptible((signal) =>
      exportDataset({
        plan,
        dir,
        format,
        overwrite: options.force === true,
        chunkSize: settings.batchSize,
        onProgress: (n) => progress.update(n),
        signal,
      }),
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
