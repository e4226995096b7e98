import type { Db } from 'mongodb';
import type { CleanupPlan } from '../../../operations/cleanup/cleanup-selection';
import { appliedSeedFileOf, removeSelection } from '../../../operations/cleanup/remove-selection';
import type { Settings } from '../../../config/settings-table';
import { guardOf } from '../../../operations/settings-views';
import { ExitCode } from '../exit-codes';
import { redactUrl } from '../../../redact';
import { plural } from '../command-kit';
import type { CommandContext } from '../command-kit';
import { confirmDelete } from '../prompts';

/**
 * Shows the counts, asks for DELETE (unless --yes), deletes. Used by the flags and the menu.
 * Returns 0 when deleted or nothing matched, 4 (refused) when the user did not confirm.
 */
export async function removeWithConfirmation(
  db: Db,
  plan: CleanupPlan,
  settings: Settings,
  context: CommandContext,
  how: { yes: boolean; dryRun: boolean },
): Promise<number> {
  const { printer } = context;
  if (plan.calls + plan.logs === 0) {
    printer.info(`Nothing to delete: no seeded documents match ${plan.description} (already cleaned up?)`);
    return 0;
  }
  // The preview is the point of a dry run and of the prompt: printed even with --quiet.
  const show = how.yes && !how.dryRun ? printer.info : printer.data;
  show(
    `${how.dryRun ? 'Would delete' : 'Will delete'} ${plan.description} from ${settings.dbName} at ${redactUrl(settings.mongoUrl)}:`,
  );
  show(`  calls          ${plan.calls.toLocaleString('en-US')}`);
  show(`  activity_logs  ${plan.logs.toLocaleString('en-US')}`);
  if (how.dryRun) return 0;
  if (!how.yes && !(await confirmDelete(context.io))) {
    printer.warn('Aborted: the confirmation was not DELETE; nothing deleted.');
    return ExitCode.refused;
  }
  const removed = await removeSelection(db, plan, guardOf(settings), printer.logger);
  printer.info(`Deleted ${plural(removed.calls, 'call')} and ${plural(removed.logs, 'activity log')}.`);
  if (plan.selection.kind === 'batch') {
    const seedFile = await appliedSeedFileOf(db, settings.changelogCollection, plan.selection.batch);
    if (seedFile) {
      printer.warn(
        `Note: migrate-mongo still lists ${seedFile} as applied, so \`migrate up\` will not insert it again until that entry goes (\`npm run migrate -- down\` when it is the last applied seed file).`,
      );
    }
  }
  return 0;
}
