import { unlock } from '../../../operations/unlock';
import { guardOf } from '../../../config/run-plan';
import type { CommandContext } from '../command-kit';
import { withDatabase } from '../with-database';

/** Watches the lock for a few seconds, then removes it if no run renews it; a live lock is a refusal (exit 4). */
export async function runUnlock(context: CommandContext): Promise<number> {
  const settings = context.settings();
  context.printer.info('Watching the seed lock for 5 s to make sure no run renews it…');
  const result = await withDatabase(settings, (db) => unlock(db, guardOf(settings)));
  context.printer.info(`${result.description}.`);
  return 0;
}
