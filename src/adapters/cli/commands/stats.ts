import type { Command } from 'commander';
import { contextOf, defineCommand } from '../command-kit';
import type { CliRun, CommandContext } from '../command-kit';
import { CONNECTION } from '../setting-options';
import { datasetOption, datasetOf } from '../datasets';
import { collectStats } from '../../../inspect/batch-stats';
import type { Stats } from '../../../inspect/batch-stats';
import { redactUrl } from '../../../redact';
import { paintBorders } from '../colors';
import type { Palette } from '../colors';
import { withDatabase } from '../with-database';
import Table from 'cli-table3';

// Commands load their implementation when run, so `--help` and the other commands start fast.
export function registerStats(program: Command, run: CliRun): void {
  defineCommand(
    program,
    run,
    'stats',
    'seeded documents per seed batch and collection, with id ranges, from the batch registry (any dataset)',
    CONNECTION,
  )
    .addOption(datasetOption())
    .option('--seed-file <file>', "list a seed file's collections (defineSeed) in the totals")
    .option('--json', 'print the figures as JSON (for scripts)')
    .option(
      '--totals',
      "also every document per collection and the app's own (metadata counts: seconds on FerretDB at millions)",
    )
    .action(async (options: { json?: boolean; totals?: boolean }, command: Command) => {
      run.done(await runStats(contextOf(command, run), options));
    });
}

export async function runStats(
  context: CommandContext,
  options: { json?: boolean; totals?: boolean },
): Promise<number> {
  const settings = context.settings();
  const stats = await withDatabase(settings, (db) =>
    collectStats(db, {
      totals: options.totals === true,
      collections: datasetOf(context.dataset, settings, 'stats').collections.map((c) => c.name),
    }),
  );
  if (options.json) {
    context.printer.data(JSON.stringify({ database: settings.dbName, ...stats }, null, 2));
  } else {
    context.printer.data(`Database ${settings.dbName} at ${redactUrl(settings.mongoUrl)}`);
    context.printer.data(formatStats(stats, context.colors));
  }
  return 0;
}

/**
 * Two tables: totals per collection, then one row per seed batch. Coloured as cli-table3 does
 * by default (red headings, grey borders) when colors is on, but with colors' codes: cli-table3's
 * own colouring (@colors/colors) is switched off, since it decides from the process.
 */
export function formatStats(stats: Stats, colors: Palette): string {
  const table = (head: readonly string[]): Table.Table =>
    new Table({ head: head.map((h) => colors.red(h)), style: { head: [], border: [] } });
  const render = (t: Table.Table): string => paintBorders(t.toString(), colors);
  const withTotals = Object.values(stats.collections).some((c) => c.total !== undefined);
  const totals = table(withTotals ? ['collection', 'seeded', 'total', 'unmarked'] : ['collection', 'seeded']);
  for (const [name, figures] of Object.entries(stats.collections)) {
    const row = [name, n(figures.seeded)];
    if (withTotals) row.push(n(figures.total ?? 0), n(figures.unmarked ?? 0));
    totals.push(row);
  }
  if (stats.batches.length === 0) return `${render(totals)}\nNo seeded documents (no seed_batch markers).`;

  const batches = table(['seed_batch', 'state', 'collection', 'documents', 'ids', 'seed file']);
  for (const b of stats.batches) {
    const state =
      b.state === 'writing'
        ? 'writing (interrupted or running)'
        : b.legacy
          ? 'complete (legacy)'
          : 'complete';
    for (const [i, c] of b.collections.entries()) {
      batches.push([
        i === 0 ? b.batch : '',
        i === 0 ? state : '',
        c.name,
        n(c.count),
        range(c.first, c.last),
        i === 0 ? (b.seedFile ?? '-') : '',
      ]);
    }
  }
  return [`${render(totals)}\n${render(batches)}\nFigures from ${stats.source}.`, ...indexNote(stats)].join(
    '\n',
  );
}

/** Which indexes are missing for up and down to stay proportional to the batch on MongoDB. */
function indexNote(stats: Stats): string[] {
  const missing = Object.entries(stats.missingIndexes).flatMap(([name, fields]) =>
    fields.map((f) => `${name}.${f}`),
  );
  if (missing.length === 0) return [];
  return [
    `No index on ${missing.join(', ')}: on MongoDB, up then reads the whole collection for the highest id and down for what is left under a marker; create them (docs/deployment.md#indexes).`,
  ];
}

function n(value: number): string {
  return value.toLocaleString('en-US');
}

/** Ids are integers or ObjectIds (whose toString is their hex). */
function range(first: unknown, last: unknown): string {
  if (first === undefined || last === undefined) return '-';
  const text = (id: unknown): string =>
    typeof id === 'number' ? String(id) : (id as { toString(): string }).toString();
  return text(first) === text(last) ? text(first) : `${text(first)}..${text(last)}`;
}
