import type { Db } from 'mongodb';
import { totalOf } from '../../../operations/cleanup/cleanup-selection';
import type { CleanupPlan } from '../../../operations/cleanup/cleanup-selection';
import type { RemovedPerCollection } from '../../../write/remove-batch';
import { appliedSeedFileOf, removeSelection } from '../../../operations/cleanup/remove-selection';
import type { Settings } from '../../../config/settings-table';
import { guardOf } from '../../../config/run-plan';
import { ExitCode } from '../exit-codes';
import { redactUrl } from '../../../redact';
import { plural } from '../command-kit';
import type { CommandContext } from '../command-kit';
import { confirmDelete } from '../prompts';

/**
 * Shows the counts, asks for DELETE (unless --yes), deletes. Used by the flags and the menu.
 * Returns 0 when deleted or nothing matched (an unknown --batch was refused before), 4
 * (refused) when the user did not confirm.
 */
export async function removeWithConfirmation(
  db: Db,
  plan: CleanupPlan,
  settings: Settings,
  context: CommandContext,
  how: { yes: boolean; dryRun: boolean },
): Promise<number> {
  const { printer } = context;
  for (const { name, count } of plan.excluded ?? []) {
    printer.warn(
      `Not selected: ${plural(count, name.replace(/_/g, ' ').replace(/s$/, ''))} carrying a seed marker that are no registered batch's own (no batch registered them, another run wrote them, or their id is non-numeric or outside the ids the batch wrote); left in place`,
    );
  }
  // A registered batch with nothing left in the database still has its entry to go.
  if (totalOf(plan) === 0 && !plan.counts.some((c) => (c.registered ?? 0) > 0)) {
    printer.info(`Nothing to delete: no seeded documents match ${plan.description} (already cleaned up?)`);
    return 0;
  }
  // The preview is the point of a dry run and of the prompt: printed even with --quiet.
  const show = how.yes && !how.dryRun ? printer.info : printer.data;
  show(
    `${how.dryRun ? 'Would delete' : 'Will delete'} ${plan.description} from ${settings.dbName} at ${redactUrl(settings.mongoUrl)}:`,
  );
  for (const { name, count, registered } of plan.counts) {
    // What is in the database, and beside it what the registry recorded when they differ.
    const recorded =
      registered === undefined || registered === count
        ? ''
        : ` in the database (${registered.toLocaleString('en-US')} registered: the rest is already gone)`;
    show(`  ${name.padEnd(14)} ${count.toLocaleString('en-US')}${recorded}`);
  }
  if (how.dryRun) return 0;
  if (!how.yes && !(await confirmDelete(context))) {
    printer.warn('Aborted: the confirmation was not DELETE; nothing deleted.');
    return ExitCode.refused;
  }
  const removed = await context.interruptible(
    (signal) => removeSelection(db, plan, guardOf(settings), printer.logger, { signal }),
    `part of ${plan.description} may be left: run the same cleanup again to finish (it takes the lock over)`,
  );
  printer.info(`Deleted ${describeDeleted(plan, removed)}.`);
  if (plan.selection.kind === 'batch') {
    // The changelog the batch was applied through, as its registry entry recorded it.
    const changelog = plan.changelog ?? settings.changelogCollection;
    const seedFile = await appliedSeedFileOf(db, changelog, plan.selection.batch);
    if (seedFile) {
      printer.warn(
        `Note: migrate-mongo still lists ${seedFile} as applied, so \`npx migrate-mongo up\` will not insert it again until that entry goes (\`npx migrate-mongo down\` when it is the last applied seed file).`,
      );
    }
  }
  return 0;
}

/** "20 tasks and 40 task notes", in the plan's order (parents first). */
function describeDeleted(plan: CleanupPlan, removed: RemovedPerCollection): string {
  const parts = plan.counts.map(({ name }) =>
    plural(removed[name] ?? 0, name.replace(/_/g, ' ').replace(/s$/, '')),
  );
  return parts.length <= 1
    ? (parts[0] ?? 'nothing')
    : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`;
}
