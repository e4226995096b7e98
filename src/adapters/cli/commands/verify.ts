import type { Command } from 'commander';
import { contextOf, defineCommand, plural } from '../command-kit';
import type { CliRun, CommandContext } from '../command-kit';
import { CONNECTION, COUNTERS } from '../setting-options';
import { datasetOption, datasetOf } from '../datasets';
import { verifiedCollections, verifyBatches } from '../../../inspect/verify-batches';
import type { Verification } from '../../../inspect/verify-batches';
import { BUILT_IN_DATASETS } from '../../../datasets';
import { settingsWith } from '../../../config/load-settings';
import { datasetRun } from '../../../config/dataset-run';
import { listBatches } from '../../../write/registry/batch-registry';
import { counterOf } from '../../../config/run-plan';
import { lateProgress } from '../progress';
import { withDatabase } from '../with-database';

export function registerVerify(program: Command, run: CliRun): void {
  defineCommand(
    program,
    run,
    'verify',
    'check seeded data of any dataset against the batch registry: schema, parent links, unique ids, counters ahead; exit 1 if anything is wrong',
    [...CONNECTION, ...COUNTERS],
  )
    .option('--json', 'print the result as JSON (for scripts)')
    .option(
      '--seed-file <path>',
      "a seed file (defineSeed): check its collections' schemas and parent links too",
    )
    .addOption(datasetOption())
    .action(async (options: { json?: boolean }, command: Command) => {
      run.done(await runVerify(contextOf(command, run), options));
    });
}

/** Exit code of a verification that found problems (the checks ran fine; the data is wrong). */
export const VERIFY_FAILED = 1;

export interface VerifyOptions {
  json?: boolean;
}

export async function runVerify(context: CommandContext, options: VerifyOptions): Promise<number> {
  const settings = context.settings();
  const own = verifiedCollections(datasetOf(context.dataset, settings, 'verify'));
  const progress = lateProgress(context.io, { label: 'verifying', unit: 'docs', quiet: context.quiet });
  const result = await withDatabase(settings, async (db) => {
    // The chosen dataset (the default one unless --dataset or --seed-file) and every built-in one the
    // registry holds a batch of (with its default options) are known by their schemas.
    const seeded = new Set((await listBatches(db)).flatMap((b) => b.collections.map((c) => c.name)));
    const builtIn = BUILT_IN_DATASETS.filter((d) => d !== context.dataset.dataset)
      .map((d) => datasetRun(d, settingsWith(d), 'verify').spec)
      .filter((spec) => spec.collections.some((c) => seeded.has(c.name)))
      .flatMap((spec) => verifiedCollections(spec));
    const known = [...own, ...builtIn.filter((c) => !own.some((x) => x.name === c.name))];
    return verifyBatches(db, {
      collections: known,
      counter: counterOf(settings),
      onProgress: progress.update,
    });
  }).finally(progress.stop);
  if (options.json) {
    context.printer.data(JSON.stringify({ database: settings.dbName, ...result }, null, 2));
  } else {
    // Problems are the result a user asked for: printed even with --quiet.
    const print = result.ok ? context.printer.info : context.printer.data;
    for (const line of formatVerification(result)) print(line);
  }
  return result.ok ? 0 : VERIFY_FAILED;
}

export function formatVerification(result: Verification): string[] {
  const documents = Object.entries(result.seeded)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${n.toLocaleString('en-US')} ${name}`)
    .join(', ');
  const scope = `${documents || 'no documents'} seeded in ${plural(result.batches, 'batch', 'batches')}`;
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
