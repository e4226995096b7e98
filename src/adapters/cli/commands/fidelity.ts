import { basename } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../../../errors';
import { contextOf, defineCommand, plural, positiveCount } from '../command-kit';
import type { CliRun, CommandContext } from '../command-kit';
import { CONNECTION } from '../setting-options';
import { datasetOf } from '../datasets';
import { paintBorders } from '../colors';
import { ExitCode } from '../exit-codes';

interface FidelityOptions {
  readonly seedFile?: string;
  readonly collection: string[];
  readonly against?: string;
  readonly againstDb?: string;
  readonly sample: number;
  readonly batch?: string;
  readonly json?: boolean;
}

const DEFAULT_SAMPLE = 10_000;

export function registerFidelity(program: Command, run: CliRun): void {
  defineCommand(
    program,
    run,
    'fidelity',
    "compare a scaffolded seed file's batch with its source, field by field; exit 1 when a threshold is missed",
    [...CONNECTION],
  )
    .option('--seed-file <file>', 'the scaffolded seed file (its batch marker and its dataset)')
    .option(
      '--collection <name>',
      'a generated collection to check (repeat for several; default every collection of the dataset)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--against <name>', 'the source collection (default: the same name as --collection)')
    .option('--against-db <name>', 'the database of the source (default: --db)')
    .option(
      '--sample <n>',
      `source documents read (default ${DEFAULT_SAMPLE}, as scaffold reads them)`,
      positiveCount,
      DEFAULT_SAMPLE,
    )
    .option('--batch <marker>', "the generated batch (default: the seed file's marker, its file name)")
    .option('--json', 'print the comparison as JSON (for scripts)')
    .action(async (options: FidelityOptions, command: Command) => {
      run.done(await runFidelity(contextOf(command, run), options));
    });
}

async function runFidelity(context: CommandContext, options: FidelityOptions): Promise<number> {
  if (options.seedFile === undefined) {
    throw new ConfigError('fidelity needs --seed-file <file> (the scaffolded seed file)', {
      code: 'BAD_INPUT',
    });
  }
  if (options.against !== undefined && options.collection.length > 1) {
    throw new ConfigError('--against names one source collection: give one --collection with it', {
      code: 'BAD_INPUT',
    });
  }
  const settings = context.settings();
  const batch = options.batch ?? basename(options.seedFile).replace(/\.[^.]+$/, '');
  const spec = datasetOf(context.dataset, settings, batch);
  const [{ checkFidelity }, { scaffoldSpecOf }, { withDatabase }, { default: Table }] = await Promise.all([
    import('../../../scaffold/fidelity'),
    import('../../../scaffold/runtime'),
    import('../with-database'),
    import('cli-table3'),
  ]);
  const scaffolded = spec.collections.flatMap((c) => {
    const s = scaffoldSpecOf(c);
    return s ? [s] : [];
  });
  if (scaffolded.length === 0) {
    throw new ConfigError(
      `--seed-file ${options.seedFile}: its dataset has no scaffolded collection (made by crm-seed scaffold)`,
      {
        code: 'BAD_INPUT',
      },
    );
  }
  const names = options.collection.length > 0 ? options.collection : scaffolded.map((c) => c.name);
  const links = new Map(spec.links.map((l) => [l.name, l]));
  const reports = await withDatabase(settings, async (db) => {
    const sourceDb = options.againstDb === undefined ? db : db.client.db(options.againstDb);
    const out = [];
    for (const name of names) {
      const collection = scaffolded.find((c) => c.name === name);
      if (!collection) {
        throw new ConfigError(
          `--collection ${name} is not a scaffolded collection of the dataset (it has ${scaffolded.map((c) => c.name).join(', ')})`,
          { code: 'BAD_INPUT' },
        );
      }
      out.push(
        await checkFidelity({
          db,
          collection: name,
          batch,
          spec: collection,
          siblings: scaffolded,
          links,
          sourceDb,
          against: options.against ?? name,
          sample: options.sample,
        }),
      );
    }
    return out;
  });
  const ok = reports.every((r) => r.ok);
  if (options.json) {
    context.printer.data(JSON.stringify({ ok, reports }, null, 2));
    return ok ? ExitCode.ok : ExitCode.unexpected;
  }
  const { colors, printer } = context;
  for (const r of reports) {
    printer.info(
      `${r.collection} (batch ${r.batch}, ${plural(r.generated, 'document')}) against ${r.against} (${plural(r.source, 'document')} read):`,
    );
    const table = new Table({
      head: ['field', 'presence src/gen', 'types Δ', 'values src/gen', ''].map((h) => colors.red(h)),
      style: { head: [], border: [] },
    });
    for (const row of r.rows) {
      const [s, g] = row.presence;
      table.push([
        row.path,
        `${s === undefined ? '-' : s.toFixed(2)}/${g === undefined ? '-' : g.toFixed(2)}`,
        row.typeGap.toFixed(2),
        row.values,
        row.problems.length === 0 ? 'ok' : `MISSED: ${row.problems.join(', ')}`,
      ]);
    }
    printer.info(paintBorders(table.toString(), colors));
    for (const c of r.checks) printer.info(`${c.ok ? 'ok    ' : 'MISSED'} ${c.name}: ${c.detail}`);
  }
  printer.info(ok ? 'fidelity: every threshold met' : 'fidelity: a threshold was missed (MISSED above)');
  return ok ? ExitCode.ok : ExitCode.unexpected;
}
