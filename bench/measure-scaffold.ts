import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MongoClient } from 'mongodb';
import { transpileModule, ModuleKind, ScriptTarget } from 'typescript';
import { callsGenerationPlan, scaffold } from '../src/internal';
import type { CallsSettings } from '../src/internal';
import { plantCrm } from '../test/support/scaffold-fixture';
import { BENCH_REF_DATE, BENCH_SEED, freshDbName } from './bench-db';
import { expectSuccess, ROOT, runChild } from './child-process';
import { inOrder, median } from './stats';

const CHILD = join(ROOT, 'bench', 'gen-child.cjs');

export interface ScaffoldFigures {
  /** Wall time of `scaffold` (every document read) per source size: contacts and 300 accounts. */
  readonly scaffoldMs: readonly { readonly docs: number; readonly ms: number }[];
  /** Documents of the scaffolded dataset (contacts and accounts) made per CPU-second. */
  readonly scaffoldedPerCpuSecond: number;
  /** The calls made per CPU-second in the same rounds (bench/gen-child.cjs calls). */
  readonly callsPerCpuSecond: number;
  /** Median of the per-round ratios scaffolded / calls. */
  readonly ratio: number;
}

/**
 * The scaffold stage: scaffolding time of the planted CRM database (test/support/
 * scaffold-fixture.ts) at each size, every document read; then the dataset it wrote, compiled
 * as a user's build would, generated in child processes of the compiled library alternating
 * with the calls (the same children as the gen stage), so its rate is compared with theirs.
 */
export async function measureScaffold(
  client: MongoClient,
  settings: CallsSettings,
  options: { docs: readonly number[]; genDocs: number; reps: number; rounds: number },
  progress: (line: string) => void,
): Promise<ScaffoldFigures> {
  const scaffoldMs: { docs: number; ms: number }[] = [];
  let module = '';
  for (const docs of options.docs) {
    const db = client.db(freshDbName('scaffold'));
    try {
      await plantCrm(db, { contacts: docs, accounts: 300, leads: 10, users: 20 });
      const start = performance.now();
      const files = await scaffold({
        db,
        source: 'bench',
        collections: ['accounts', 'contacts'],
        sample: docs,
        tenantField: 'tenant_id',
        name: 'scaffold-bench',
        refDate: new Date(BENCH_REF_DATE),
        counters: { collection: 'counters', keyField: '_id', seqField: 'seq' },
        exclude: new Set(['counters', 'seed_batches', 'seed_locks', 'changelog']),
        reserved: new Set(),
      });
      const ms = performance.now() - start;
      scaffoldMs.push({ docs, ms });
      module = files.datasetText;
      progress(
        `  scaffold of ${docs.toLocaleString('en-US')} contacts and 300 accounts: ${Math.round(ms)} ms`,
      );
    } finally {
      await db.dropDatabase();
    }
  }
  // Inside the repository, so that the module's 'crm-calls-seed' resolves to this tree's dist/.
  const dir = join(ROOT, 'tmp', `bench-scaffold-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'scaffold-bench.dataset.js');
  writeFileSync(
    file,
    transpileModule(module, { compilerOptions: { module: ModuleKind.CommonJS, target: ScriptTarget.ES2022 } })
      .outputText,
  );
  try {
    const job = JSON.stringify({
      reps: options.reps,
      chunkSize: settings.batchSize,
      seed: BENCH_SEED,
      refDate: BENCH_REF_DATE,
      calls: options.genDocs,
      callsPlan: { ...callsGenerationPlan(settings, 'bench-generation'), count: options.genDocs },
      scaffolded: {
        module: file,
        // Nine contacts per account, as many documents in all as the calls workload makes calls.
        values: { contacts: Math.round(options.genDocs * 0.9), accounts: Math.round(options.genDocs * 0.1) },
        links: { users: 20 },
      },
    });
    const run = async (workload: string): Promise<number[]> => {
      const result = expectSuccess(
        `bench/gen-child.cjs ${workload}`,
        await runChild(process.execPath, [CHILD, ROOT, workload, job]),
      );
      return (JSON.parse(result.stdout) as { cpu: number[] }).cpu;
    };
    const scaffolded: number[] = [];
    const calls: number[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < options.rounds; round++) {
      const [s, c] = await inOrder(
        round,
        () => run('scaffolded'),
        () => run('calls'),
      );
      scaffolded.push(median(s));
      calls.push(median(c));
      ratios.push(median(s) / median(c));
      progress(
        `  round ${round + 1}/${options.rounds}: ${Math.round(median(s) / 1000)}k scaffolded docs/s, ${Math.round(median(c) / 1000)}k calls/s`,
      );
    }
    return {
      scaffoldMs,
      scaffoldedPerCpuSecond: median(scaffolded),
      callsPerCpuSecond: median(calls),
      ratio: median(ratios),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
