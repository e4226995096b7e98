import Table from 'cli-table3';
import { collectStats } from '../../../inspect/collect-stats';
import type { Stats } from '../../../inspect/collect-stats';
import type { Range } from '../../../inspect/scan-seeded';
import { redactUrl } from '../../../redact';
import type { CommandContext } from '../command-kit';
import { lateProgress } from '../progress';
import { withDatabase } from '../with-database';

export async function runStats(context: CommandContext, json: boolean): Promise<number> {
  const settings = context.settings();
  const progress = lateProgress(context.io, { label: 'scanning', unit: 'docs', quiet: context.quiet });
  const stats = await withDatabase(settings, (db) => collectStats(db, progress.update)).finally(
    progress.stop,
  );
  if (json) {
    context.printer.data(JSON.stringify({ database: settings.dbName, ...stats }, null, 2));
  } else {
    context.printer.data(`Database ${settings.dbName} at ${redactUrl(settings.mongoUrl)}`);
    context.printer.data(formatStats(stats, context.io.stdout.isTTY === true));
  }
  return 0;
}

/** Two tables: totals per collection, then one row per seed batch. */
export function formatStats(stats: Stats, color: boolean): string {
  const style = color ? {} : { head: [], border: [] };
  const totals = new Table({ head: ['collection', 'total', 'seeded', 'unmarked'], style });
  for (const [name, figures] of Object.entries(stats.collections)) {
    totals.push([name, n(figures.total), n(figures.seeded), n(figures.unmarked)]);
  }
  if (stats.batches.length === 0) return `${totals.toString()}\nNo seeded documents (no seed_batch markers).`;

  const batches = new Table({
    head: [
      'seed_batch',
      'calls',
      'call ids',
      'logs',
      'log ids',
      'oldest start_time',
      'newest start_time',
      'orphan logs',
      'calls w/o log',
    ],
    style,
  });
  for (const b of stats.batches) {
    batches.push([
      b.batch,
      n(b.calls),
      range(b.callIds),
      n(b.logs),
      range(b.logIds),
      b.startTime?.first ?? '-',
      b.startTime?.last ?? '-',
      n(b.logsWithoutCall),
      n(b.callsWithoutLog),
    ]);
  }
  const { logsWithoutCall, callsWithoutLog } = stats.orphans;
  const orphans =
    logsWithoutCall + callsWithoutLog === 0
      ? 'Orphans: none.'
      : `Orphans: ${n(logsWithoutCall)} seeded logs whose call is gone, ${n(callsWithoutLog)} seeded calls without their log (crm-seed verify lists them).`;
  return `${totals.toString()}\n${batches.toString()}\n${orphans}`;
}

function n(value: number): string {
  return value.toLocaleString('en-US');
}

function range(r: Range<number> | null): string {
  if (!r) return '-';
  return r.first === r.last ? String(r.first) : `${r.first}..${r.last}`;
}
