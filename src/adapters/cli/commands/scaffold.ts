import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { ConfigError, IoError } from '../../../errors';
import { contextOf, defineCommand, positiveCount } from '../command-kit';
import type { CliRun, CommandContext } from '../command-kit';
import { CONNECTION, COUNTERS } from '../setting-options';

interface ScaffoldOptions {
  readonly collection: string[];
  readonly sample: number;
  readonly tenantField?: string;
  readonly out?: string;
  readonly name?: string;
  readonly force?: boolean;
}

/** Documents read per collection unless --sample: scaffold.ts's DEFAULT_SAMPLE, kept here so --help loads no scaffolding code. */
const DEFAULT_SAMPLE = 10_000;
const NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/;

export function registerScaffold(program: Command, run: CliRun): void {
  defineCommand(
    program,
    run,
    'scaffold',
    'write a dataset module and a seed file of look-alike data for collections already in the database (no value copied but the printed categories)',
    [...CONNECTION, ...COUNTERS, 'refDate', 'changelogCollection'],
  )
    .option(
      '--collection <name>',
      'a collection to scaffold (repeat it for several; they link to each other)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      '--sample <n>',
      `documents read per collection (default ${DEFAULT_SAMPLE}, or all when fewer)`,
      positiveCount,
      DEFAULT_SAMPLE,
    )
    .option(
      '--tenant-field <field>',
      'the tenant field: every document gets the --tenant option, links stay within it',
    )
    .option('--out <dir>', 'folder for <name>.dataset.ts and migrations/<timestamp>-<name>.ts')
    .option('--name <name>', 'the dataset name (default scaffold-<database>)')
    .option('--force', 'overwrite existing files')
    .action(async (options: ScaffoldOptions, command: Command) => {
      run.done(await runScaffold(contextOf(command, run), options));
    });
}

async function runScaffold(context: CommandContext, options: ScaffoldOptions): Promise<number> {
  if (options.collection.length === 0) {
    throw new ConfigError('scaffold needs --collection <name> (one or more)', { code: 'BAD_INPUT' });
  }
  if (options.out === undefined) {
    throw new ConfigError('scaffold needs --out <dir> (where the dataset module and the seed file go)', {
      code: 'BAD_INPUT',
    });
  }
  const settings = context.settings();
  const name = options.name ?? `scaffold-${settings.dbName}`.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-');
  if (!NAME.test(name)) {
    throw new ConfigError(
      `--name must be 1-63 lowercase letters, digits, '_', '.' or '-', starting with a letter or digit (got ${JSON.stringify(name)})`,
      { code: 'BAD_INPUT' },
    );
  }
  const out = resolve(context.io.cwd, options.out);
  // Loaded here: mongodb-schema and the scaffolding code are for this command only.
  const [{ scaffold }, { withDatabase }, { SEED_BATCHES, SEED_LOCKS }, { SETTINGS }] = await Promise.all([
    import('../../../scaffold/scaffold'),
    import('../with-database'),
    import('../../../write/registry/collections'),
    import('../../../config/settings-table'),
  ]);
  const reserved = new Set(
    Object.entries(SETTINGS).flatMap(([key, s]) =>
      [key, s.flag, s.env].filter((n): n is string => n !== undefined),
    ),
  );
  const refDate = settings.refDate ?? new Date();
  const files = await withDatabase(settings, (db) =>
    scaffold({
      db,
      source: settings.dbName,
      collections: options.collection,
      sample: options.sample,
      tenantField: options.tenantField,
      name,
      refDate,
      counters: {
        collection: settings.countersCollection,
        keyField: settings.counterKeyField,
        seqField: settings.counterSeqField,
      },
      exclude: new Set([SEED_BATCHES, SEED_LOCKS, settings.countersCollection, settings.changelogCollection]),
      reserved,
    }),
  );
  const targets = [
    { path: join(out, files.datasetFile), text: files.datasetText },
    { path: join(out, files.seedFile), text: files.seedText },
  ];
  const existing = targets.filter((t) => existsSync(t.path));
  if (existing.length > 0 && options.force !== true) {
    throw new ConfigError(
      `${existing.map((t) => relative(context.io.cwd, t.path)).join(' and ')} already exist; pass --force to overwrite`,
      { code: 'BAD_INPUT' },
    );
  }
  for (const t of targets) {
    try {
      mkdirSync(dirname(t.path), { recursive: true });
      writeFileSync(t.path, t.text);
    } catch (err) {
      throw new IoError(`cannot write ${t.path}: ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
    }
  }
  const { printer } = context;
  printer.info(`Scaffolded from ${settings.dbName}, reference date ${refDate.toISOString()}:`);
  for (const line of files.findings) printer.info(`  ${line}`);
  printer.info('Kept as categories (the only source values in the module; review them before committing):');
  if (files.kept.length === 0) printer.info('  none');
  for (const k of files.kept) {
    const values = k.values.map(([v, n]) => `${JSON.stringify(v)} (${n.toLocaleString('en-US')})`).join(', ');
    printer.info(`  ${k.collection}.${k.path}: ${values}`);
  }
  const seed = relative(context.io.cwd, targets[1]!.path);
  printer.info(`Wrote ${relative(context.io.cwd, targets[0]!.path)} and ${seed}.`);
  printer.info(
    `Next: npx migrate-mongo up (a TypeScript seed file: its config registers ts-node), then npx crm-seed fidelity --seed-file ${seed}`,
  );
  return 0;
}
