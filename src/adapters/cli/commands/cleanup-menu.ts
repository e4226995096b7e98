import type { Db } from 'mongodb';
import { parseCount, parseIdRange, planCleanup, totalOf } from '../../../operations/remove/cleanup-selection';
import type { IdTarget, Selection, CleanupPlan } from '../../../operations/remove/cleanup-selection';
import { singular } from '../datasets';
import type { Settings } from '../../../config/settings-table';
import { ConfigError, SafetyError } from '../../../errors';
import { collectStats } from '../../../inspect/batch-stats';
import type { CommandContext } from '../command-kit';
import { askChoice, askText, confirmDelete } from '../prompts';
import { formatStats } from './stats';
import type { RemovedPerCollection } from '../../../write/removal/remove-batch';
import { appliedSeedFileOf, removeSelection } from '../../../operations/remove/remove-selection';
import { guardOf } from '../../../config/run-plan';
import { ExitCode } from '../exit-codes';
import { redactUrl } from '../../../redact';
import { plural } from '../command-kit';

type MenuChoice = 'batch' | 'ids' | 'last' | 'stats' | 'quit';

/**
 * The original cleanup script's menu: by batch, by id range, by count, statistics, quit.
 * Every removal still shows its counts and asks for DELETE; the menu returns after each one.
 */
export async function runCleanupMenu(
  db: Db,
  settings: Settings,
  context: CommandContext,
  target: IdTarget,
  /** The chosen dataset's collections, listed in the statistics even when empty. */
  collections: readonly string[],
): Promise<number> {
  const { printer } = context;
  for (;;) {
    const choice = await askChoice<MenuChoice>(context, `Remove seeded ${whatOf(target)}:`, [
      { name: 'By batch (seed_batch marker)', value: 'batch' },
      { name: `By ${singular(target.collection)} id range`, value: 'ids' },
      { name: `By count (newest n seeded ${target.collection})`, value: 'last' },
      { name: 'Show statistics', value: 'stats' },
      { name: 'Quit', value: 'quit' },
    ]);
    if (choice === 'quit') return 0;
    if (choice === 'stats') {
      printer.data(formatStats(await collectStats(db, { collections }), context.colors));
      continue;
    }
    const selection = await askSelection(db, context, choice, target, collections);
    if (!selection) continue;
    try {
      await removeWithConfirmation(db, await planCleanup(db, selection), settings, context, {
        yes: false,
        dryRun: false,
      });
    } catch (err) {
      // A refusal (lock held, selection changed) is reported and the menu stays open.
      if (!(err instanceof SafetyError)) throw err;
      printer.warn(err.message);
    }
  }
}

async function askSelection(
  db: Db,
  context: CommandContext,
  choice: 'batch' | 'ids' | 'last',
  target: IdTarget,
  collections: readonly string[],
): Promise<Selection | undefined> {
  const { printer } = context;
  switch (choice) {
    case 'batch': {
      const batches = (await collectStats(db, { collections })).batches.map((b) => ({
        batch: b.batch,
        documents: b.collections.map((c) => `${c.count.toLocaleString('en-US')} ${c.name}`).join(', '),
      }));
      if (batches.length === 0) {
        printer.data(`No seeded ${target.collection}: nothing carries a seed_batch marker.`);
        return undefined;
      }
      const batch = await askChoice<string | undefined>(context, 'Which batch?', [
        ...batches.map((b) => ({
          name: `${b.batch} (${b.documents})`,
          value: b.batch,
        })),
        { name: 'Back', value: undefined },
      ]);
      return batch === undefined ? undefined : { kind: 'batch', batch };
    }
    case 'ids': {
      const text = await askText(
        context,
        `${capitalized(singular(target.collection))} id range (from-to):`,
        validating((t) => parseIdRange(t, 'the range', singular(target.collection))),
      );
      return { kind: 'ids', target, ...parseIdRange(text, 'the range', singular(target.collection)) };
    }
    case 'last': {
      const text = await askText(
        context,
        `How many of the newest seeded ${target.collection}?`,
        validating((t) => parseCount(t, 'the count', target.collection)),
      );
      return { kind: 'last', target, count: parseCount(text, 'the count', target.collection) };
    }
  }
}

/** A parser as a prompt validator: its ConfigError message is shown under the prompt. */
function validating(parse: (text: string) => unknown): (text: string) => string | true {
  return (text) => {
    try {
      parse(text);
      return true;
    } catch (err) {
      if (err instanceof ConfigError) return err.message;
      throw err;
    }
  };
}

/** "tasks and their task notes": the target collection and what goes with it, as the menu names them. */
function whatOf(target: IdTarget): string {
  const children = target.children.map((c) => c.collection.replace(/_/g, ' '));
  return children.length === 0 ? target.collection : `${target.collection} and their ${children.join(', ')}`;
}

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

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
