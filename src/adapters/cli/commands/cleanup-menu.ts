import type { Db } from 'mongodb';
import { parseCount, parseIdRange, planCleanup } from '../../../operations/cleanup/cleanup-selection';
import type { IdTarget, Selection } from '../../../operations/cleanup/cleanup-selection';
import { singular } from '../datasets';
import type { Settings } from '../../../config/settings-table';
import { ConfigError, SafetyError } from '../../../errors';
import { collectStats } from '../../../inspect/batch-stats';
import type { CommandContext } from '../command-kit';
import { askChoice, askText } from '../prompts';
import { removeWithConfirmation } from './remove-with-confirmation';
import { formatStats } from './stats-action';

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
