import type { Db, MongoClient } from 'mongodb';
import {
  ACTIVITY_LOGS,
  callChunks,
  CALLS,
  callsPlan,
  collectStats,
  counterOf,
  guardOf,
  isFerretdbV1,
  seedDown,
  seedUp,
  silentLogger,
  verifiedCollections,
  verifyBatches,
} from '../src/internal';
import type { ActivityLogDoc, CallDoc, CallsSettings } from '../src/internal';
import { benchSettings, freshDbName } from './bench-db';
import type { BenchOptions } from './bench-options';
import { inOrder, median, perSecond, timed } from './stats';

export interface WriteFigures {
  readonly rawInsertDocsPerS: number;
  readonly seedDocsPerS: number;
  /** Median of the per-repetition ratios (each pair measured back to back). */
  readonly seedVsRaw: number;
  readonly downMs: number;
  readonly targetedDeleteMs: number;
  /** down against the same marker delete in the fewest parts the server allows. */
  readonly downVsTargeted: number;
  readonly verifyMs: number;
  readonly scanMs: number;
  /** verify (one pass, whole documents) against a raw projected scan of the same collections. */
  readonly verifyVsScan: number;
  /** stats from the batch registry, on the seeded batch. */
  readonly statsMs: number;
}

/** Largest id range one raw deleteMany may cover on FerretDB/SQLite (32,766 variables per statement). */
const RAW_DELETE_PART = 30_000;

/**
 * The seed against the server's own limits, on the same documents, interleaved so that a
 * noisy neighbour slows both sides alike (the order alternates every repetition):
 * - raw insert: pre-built documents, unordered insertMany batches, nothing else (rawInsert);
 * - seed: `seedUp` end to end (guard, lock, leftover check, id blocks, generation, writes);
 * - verify: `crm-seed verify`'s pass over the seed's database vs a raw projected scan
 *   (`{id, seed_batch}`) of the raw run's identical documents;
 * - down: `seedDown` (guard, lock, the registry, deletes by marker) vs the same marker delete
 *   of the raw run's documents in the fewest parts the server allows (targeted).
 */
export async function measureWrites(
  client: MongoClient,
  url: string,
  options: BenchOptions,
  progress: (line: string) => void,
): Promise<WriteFigures> {
  const raw: number[] = [];
  const seed: number[] = [];
  const ratios: number[] = [];
  const down: number[] = [];
  const rawDelete: number[] = [];
  const downRatios: number[] = [];
  const verify: number[] = [];
  const scan: number[] = [];
  const verifyRatios: number[] = [];
  const stats: number[] = [];
  const docs = 2 * options.calls;

  for (let rep = 0; rep < options.reps; rep++) {
    const rawDb = client.db(freshDbName('raw'));
    const seedName = freshDbName('seed');
    const seedDb = client.db(seedName);
    const settings = benchSettings({
      mongoUrl: url,
      dbName: seedName,
      calls: options.calls,
      batchSize: options.batchSize,
      concurrency: options.concurrency,
    });
    const batch = 'bench-write';
    try {
      // Built before the clock starts: the raw run measures the server and the driver only.
      const prebuilt = prebuild(settings, batch);
      const runRaw = async (): Promise<number> => {
        const { ms, value } = await timed(() =>
          rawInsert(rawDb, prebuilt, options.batchSize, options.concurrency),
        );
        expectCount('raw insert', value, docs);
        return ms;
      };
      const runSeed = async (): Promise<number> => {
        const { ms, value } = await timed(() =>
          seedUp({ db: seedDb, batch, owner: 'script:bench', settings, logger: silentLogger }),
        );
        expectCount(
          'seed',
          value.collections.reduce((sum, c) => sum + c.count, 0),
          docs,
        );
        return ms;
      };
      const [rawMs, seedMs] = await inOrder(rep, runRaw, runSeed);
      raw.push(perSecond(docs, rawMs));
      seed.push(perSecond(docs, seedMs));
      ratios.push(rawMs / seedMs);

      const runVerify = async (): Promise<number> => {
        const { ms, value } = await timed(() =>
          verifyBatches(seedDb, {
            collections: verifiedCollections(callsPlan(settings, batch).spec),
            counter: counterOf(settings),
          }),
        );
        if (!value.ok) throw new Error(`verify failed on the seeded batch: ${JSON.stringify(value.checks)}`);
        return ms;
      };
      const runScan = async (): Promise<number> => {
        const { ms, value } = await timed(() => projectedScan(rawDb));
        expectCount('raw scan', value, docs);
        return ms;
      };
      const [verifyMs, scanMs] = await inOrder(rep, runVerify, runScan);
      verify.push(verifyMs);
      scan.push(scanMs);
      verifyRatios.push(verifyMs / scanMs);
      stats.push((await timed(() => collectStats(seedDb))).ms);

      const runDown = async (): Promise<number> => {
        const { ms, value } = await timed(() =>
          seedDown({
            db: seedDb,
            batch,
            owner: 'script:bench',
            guard: guardOf(settings),
            logger: silentLogger,
          }),
        );
        expectCount('down', value.total, docs);
        return ms;
      };
      const runRawDelete = async (): Promise<number> => {
        const { ms, value } = await timed(() => targetedDelete(rawDb, batch, options.calls));
        expectCount('targeted delete', value, docs);
        return ms;
      };
      const [downMs, rawDeleteMs] = await inOrder(rep, runDown, runRawDelete);
      down.push(downMs);
      rawDelete.push(rawDeleteMs);
      downRatios.push(downMs / rawDeleteMs);
      progress(
        `  rep ${rep + 1}/${options.reps}: raw ${Math.round(raw.at(-1)!)} docs/s, seed ${Math.round(seed.at(-1)!)} docs/s ` +
          `(${ratios.at(-1)!.toFixed(2)}); verify ${Math.round(verifyMs)} ms vs scan ${Math.round(scanMs)} ms; ` +
          `stats ${Math.round(stats.at(-1)!)} ms; down ${Math.round(downMs)} ms vs targeted delete ${Math.round(rawDeleteMs)} ms`,
      );
    } finally {
      await rawDb.dropDatabase();
      await seedDb.dropDatabase();
    }
  }
  return {
    rawInsertDocsPerS: median(raw),
    seedDocsPerS: median(seed),
    seedVsRaw: median(ratios),
    downMs: median(down),
    targetedDeleteMs: median(rawDelete),
    downVsTargeted: median(downRatios),
    verifyMs: median(verify),
    scanMs: median(scan),
    verifyVsScan: median(verifyRatios),
    statsMs: median(stats),
  };
}

interface Prebuilt {
  readonly calls: CallDoc[];
  readonly logs: ActivityLogDoc[];
}

/** The documents the seed would write, ids 1..n. */
function prebuild(settings: CallsSettings, batch: string): Prebuilt {
  const calls: CallDoc[] = [];
  const logs: ActivityLogDoc[] = [];
  for (const chunk of callChunks(callsPlan(settings, batch), 10_000)) {
    for (const call of chunk.calls) calls.push(call);
    for (const log of chunk.logs) logs.push(log);
  }
  return { calls, logs };
}

/**
 * The ceiling: insertMany of pre-built batches of the seed's size, unordered, with as many
 * in flight as the seed allows (the tune stage shows that pairing is the best found), calls
 * and logs batches alike, nothing else between them.
 */
async function rawInsert(db: Db, docs: Prebuilt, batchSize: number, concurrency: number): Promise<number> {
  const jobs: { collection: string; docs: object[] }[] = [];
  for (let i = 0; i < docs.calls.length; i += batchSize) {
    jobs.push({ collection: CALLS, docs: docs.calls.slice(i, i + batchSize) });
    jobs.push({ collection: ACTIVITY_LOGS, docs: docs.logs.slice(i, i + batchSize) });
  }
  let next = 0;
  let inserted = 0;
  const worker = async (): Promise<void> => {
    for (let job = jobs[next++]; job; job = jobs[next++]) {
      // Awaited before the +=: `inserted += await ...` would read inserted before the wait.
      const result = await db.collection(job.collection).insertMany(job.docs, { ordered: false });
      inserted += result.insertedCount;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return inserted;
}

/**
 * The baseline for down: the same marker delete, children first, split into the fewest id
 * ranges the server accepts in one deleteMany (FerretDB/SQLite: 32,766 matches; MongoDB: one).
 */
async function targetedDelete(db: Db, batch: string, calls: number): Promise<number> {
  const parts = (await isFerretdbV1(db)) ? Math.ceil(calls / RAW_DELETE_PART) : 1;
  const step = Math.ceil(calls / parts);
  let deleted = 0;
  for (const name of [ACTIVITY_LOGS, CALLS]) {
    for (let first = 1; first <= calls; first += step) {
      const range = parts === 1 ? {} : { id: { $gte: first, $lt: first + step } };
      deleted += (await db.collection(name).deleteMany({ seed_batch: batch, ...range })).deletedCount;
    }
  }
  return deleted;
}

/** What any full check must at least do: read every document's id and marker, both collections. */
async function projectedScan(db: Db): Promise<number> {
  let n = 0;
  for (const name of [CALLS, ACTIVITY_LOGS]) {
    for await (const doc of db.collection(name).find({}, { projection: { _id: 0, id: 1, seed_batch: 1 } })) {
      if (doc['seed_batch'] !== undefined) n++;
    }
  }
  return n;
}

function expectCount(what: string, actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`${what}: ${actual} documents instead of ${expected}`);
}
