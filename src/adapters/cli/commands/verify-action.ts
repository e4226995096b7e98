import { verifySeeded } from '../../../inspect/verify-seeded';
import { counterOf } from '../../../operations/settings-views';
import type { Verification } from '../../../inspect/verify-seeded';
import type { CommandContext } from '../command-kit';
import { plural } from '../command-kit';
import { lateProgress } from '../progress';
import { withDatabase } from '../with-database';

/** Exit code of a verification that found problems (the checks ran fine; the data is wrong). */
export const VERIFY_FAILED = 1;

export async function runVerify(context: CommandContext, json: boolean): Promise<number> {
  const settings = context.settings();
  const progress = lateProgress(context.io, { label: 'verifying', unit: 'docs', quiet: context.quiet });
  const result = await withDatabase(settings, (db) =>
    verifySeeded(db, counterOf(settings), progress.update),
  ).finally(progress.stop);
  if (json) {
    context.printer.data(JSON.stringify({ database: settings.dbName, ...result }, null, 2));
  } else {
    // Problems are the result a user asked for: printed even with --quiet.
    const print = result.ok ? context.printer.info : context.printer.data;
    for (const line of formatVerification(result)) print(line);
  }
  return result.ok ? 0 : VERIFY_FAILED;
}

export function formatVerification(result: Verification): string[] {
  const scope = `${plural(result.calls, 'seeded call')}, ${plural(result.logs, 'activity log')} in ${plural(result.batches, 'batch', 'batches')}`;
  if (result.ok) return [`verify: OK (${scope}); all ${result.checks.length} checks passed`];
  const failed = result.checks.filter((c) => c.problem.count > 0);
  const lines = [`verify: FAILED ${failed.length} of ${result.checks.length} checks (${scope})`];
  for (const check of failed) {
    lines.push(`  ✗ ${check.name}: ${plural(check.problem.count, 'problem')}`);
    for (const example of check.problem.examples) lines.push(`      ${example}`);
    const hidden = check.problem.count - check.problem.examples.length;
    if (hidden > 0) lines.push(`      ... and ${hidden.toLocaleString('en-US')} more`);
  }
  return lines;
}
