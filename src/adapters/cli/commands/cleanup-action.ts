import { parseCount, parseIdRange, planCleanup } from '../../../operations/cleanup/cleanup-selection';
import type { IdTarget, Selection } from '../../../operations/cleanup/cleanup-selection';
import { datasetOf, idTargetOf, singular } from '../datasets';
import type { Settings } from '../../../config/settings-table';
import { ConfigError, SafetyError } from '../../../errors';
import { redactUrl } from '../../../redact';
import { listBatches, SEED_BATCHES } from '../../../write/batch-registry';
import { didYouMean } from '../did-you-mean';
import type { CommandContext } from '../command-kit';
import { withDatabase } from '../with-database';
import type { CleanupOptions } from './cleanup-options';
import { runCleanupMenu } from './cleanup-menu';
import { removeWithConfirmation } from './remove-with-confirmation';
import { checkWriteTarget } from '../write-target';

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
