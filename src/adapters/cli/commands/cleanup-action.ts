import { parseCount, parseIdRange, planCleanup } from '../../../operations/cleanup/cleanup-selection';
import type { Selection } from '../../../operations/cleanup/cleanup-selection';
import { ConfigError, SafetyError } from '../../../errors';
import type { CommandContext } from '../command-kit';
import { withDatabase } from '../with-database';
import type { CleanupOptions } from './cleanup-options';
import { runCleanupMenu } from './cleanup-menu';
import { removeWithConfirmation } from './remove-with-confirmation';
import { checkWriteTarget } from '../write-target';

export async function runCleanup(context: CommandContext, options: CleanupOptions): Promise<number> {
  const selection = selectionOf(options);
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
    if (!selection) return runCleanupMenu(db, settings, context);
    const plan = await planCleanup(db, selection);
    return removeWithConfirmation(db, plan, settings, context, {
      yes: options.yes === true,
      dryRun: options.dryRun === true,
    });
  });
}

function selectionOf(options: CleanupOptions): Selection | undefined {
  if (options.batch !== undefined) {
    if (options.batch.trim() === '')
      throw new ConfigError('--batch needs a marker (a seed_batch value; crm-seed stats lists them)', {
        code: 'BAD_INPUT',
      });
    return { kind: 'batch', batch: options.batch };
  }
  if (options.ids !== undefined) return { kind: 'ids', ...parseIdRange(options.ids) };
  if (options.last !== undefined) return { kind: 'last', count: parseCount(options.last) };
  return undefined;
}
