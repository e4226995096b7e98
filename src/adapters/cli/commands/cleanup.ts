import type { Command } from 'commander';
import { Option } from 'commander';
import { contextOf, defineCommand, describeChosen } from '../command-kit';
import type { CliRun, CommandContext } from '../command-kit';
import { CHANGELOG, CONNECTION, GUARD } from '../setting-options';
import { datasetOption, datasetOf, idTargetOf, singular } from '../datasets';
import { parseCount, parseIdRange, planCleanup } from '../../../operations/remove/cleanup-selection';
import type { IdTarget, Selection } from '../../../operations/remove/cleanup-selection';
import type { Settings } from '../../../config/settings-table';
import { ConfigError, SafetyError } from '../../../errors';
import { redactUrl } from '../../../redact';
import { listBatches, SEED_BATCHES } from '../../../write/registry/batch-registry';
import { didYouMean } from '../did-you-mean';
import { withDatabase } from '../with-database';
import { runCleanupMenu, removeWithConfirmation } from './cleanup-menu';
import { checkWriteTarget } from '../write-target';

/** The options of `crm-seed cleanup` as commander parses them. */
export interface CleanupOptions {
  batch?: string;
  ids?: string;
  last?: string;
  yes?: boolean;
  dryRun?: boolean;
  /** A defineSeed seed file: --ids/--last count in its dataset instead of a built-in one. */
  seedFile?: string;
  dataset?: string;
  /** The collection --ids/--last count in (default: the dataset's first). */
  collection?: string;
}

const SELECTORS = ['batch', 'ids', 'last'];

export function registerCleanup(program: Command, run: CliRun): void {
  defineCommand(
    program,
    run,
    'cleanup',
    `remove seeded documents (only those with a seed_batch marker) of a batch, or by id range or count in a collection of ${describeChosen(run)}; asks you to type DELETE`,
    [...CONNECTION, ...GUARD, ...CHANGELOG],
  )
    .addOption(selector('--batch <marker>', 'every document of one seed batch, in every collection', 'batch'))
    .addOption(
      selector(
        '--ids <from>-<to>',
        'seeded documents of the collection with ids in this range, and their children',
        'ids',
      ),
    )
    .addOption(
      selector(
        '--last <n>',
        'the newest n seeded documents of the collection (highest ids), and their children',
        'last',
      ),
    )
    .option('--seed-file <file>', "--ids/--last count in a seed file's dataset (defineSeed)")
    .addOption(datasetOption())
    .option(
      '--collection <name>',
      "the collection --ids/--last count in (default: the dataset's first); its children go with it",
    )
    .option('-y, --yes', 'delete without asking (for scripts)')
    .option('--dry-run', 'show what would be deleted, delete nothing')
    .addHelpText(
      'after',
      '\nWithout --batch/--ids/--last on a terminal, an interactive menu offers the same choices and statistics.\n' +
        'Without a terminal on standard input, --yes is required.',
    )
    .action(async (options: CleanupOptions, command: Command) => {
      run.done(await runCleanup(contextOf(command, run), options));
    });
}

function selector(flags: string, description: string, name: string): Option {
  return new Option(flags, description).conflicts(SELECTORS.filter((s) => s !== name));
}

export async function runCleanup(context: CommandContext, options: CleanupOptions): Promise<number> {
  const spec = () => datasetOf(context.dataset, context.settings(), 'cleanup');
  const target = (): IdTarget => idTargetOf(spec(), options.collection);
  const selection = selectionOf(options, target);
  const interactive = context.io.stdin.isTTY === true;
  if (!selection && !interactive) {
    throw new ConfigError(
      'choose what to remove: --batch <marker>, --ids <from>-<to> or --last <n> (the interactive menu needs a terminal)',
      { code: 'BAD_INPUT' },
    );
  }
  if (selection && !options.yes && !options.dryRun && !interactive) {
    throw new SafetyError(
      'refusing to delete without confirmation: standard input is not a terminal, so nobody can type DELETE; pass --yes to confirm in a script',
      { code: 'NOT_CONFIRMED' },
    );
  }
  const settings = context.settings();
  checkWriteTarget(settings, context.printer);
  return withDatabase(settings, async (db) => {
    if (!selection) {
      const collections = spec().collections.map((c) => c.name);
      return runCleanupMenu(db, settings, context, target(), collections);
    }
    const plan = await planCleanup(db, selection);
    if (plan.known === false) {
      const names = (await listBatches(db)).map((b) => b._id);
      throw unknownBatch(
        plan.description,
        settings,
        didYouMean(selection.kind === 'batch' ? selection.batch : '', names),
      );
    }
    return removeWithConfirmation(db, plan, settings, context, {
      yes: options.yes === true,
      dryRun: options.dryRun === true,
    });
  });
}

/**
 * A marker nothing knows is most likely a typo: saying "nothing to delete" and exiting 0 would
 * hide it. (--ids and --last matching nothing stay success: "already cleaned up".)
 */
function unknownBatch(description: string, settings: Settings, hint = ''): ConfigError {
  return new ConfigError(
    `no ${description} in ${settings.dbName} at ${redactUrl(settings.mongoUrl)}: no ${SEED_BATCHES} entry names it and no document carries that marker; nothing deleted (crm-seed stats lists the batches there; a batch already cleaned up is no longer listed)${hint}`,
    { code: 'BAD_INPUT' },
  );
}

function selectionOf(options: CleanupOptions, target: () => IdTarget): Selection | undefined {
  if (options.batch !== undefined) {
    if (options.batch.trim() === '')
      throw new ConfigError('--batch needs a marker (a seed_batch value; crm-seed stats lists them)', {
        code: 'BAD_INPUT',
      });
    return { kind: 'batch', batch: options.batch };
  }
  if (options.ids !== undefined) {
    const ids = target();
    return { kind: 'ids', target: ids, ...parseIdRange(options.ids, '--ids', singular(ids.collection)) };
  }
  if (options.last !== undefined) {
    const last = target();
    return { kind: 'last', target: last, count: parseCount(options.last, '--last', last.collection) };
  }
  return undefined;
}
