import type { Db, MongoClient } from 'mongodb';
import { generateChunks } from '../src/datasets/crm-calls';
import { planFromSettings } from '../src/operations/settings-views';
import type { Settings } from '../src/config/settings-table';
import type { ActivityLogDoc, CallDoc } from '../src/schema/call-schema';
import { silentLogger } from '../src/logger';
import { seedDown } from '../src/operations/seed-down';
import { guardOf } from '../src/operations/settings-views';
import { seedUp } from '../src/operations/seed-up';
import { ACTIVITY_LOGS, CALLS } from '../src/datasets/crm-calls';
import { benchSettings, freshDbName } from './bench-db';
import type { BenchOptions } from './bench-options';
import { inOrder, median, perSecond, timed } from './stats';

export interface WriteFigures {
  readonly rawInsertDocsPerS: number;
  readonly seedDocsPerS: number;
  /** Median of the per-repetition ratios (each pair measured back to back). */
  readonly seedVsRaw: number;
  readonly downMs: number;
  readonly rawDeleteMs: number;
  readonly downVsRaw: number;
}

/** Largest id range one raw deleteMany may cover on FerretDB/SQLite (32,766 variables per statement). */
const RAW_DELETE_PART = 30_000;

/**
 * The seed against the server's own limits, on the same documents, interleaved so that a
 * noisy neighbour slows both sides alike (the order alternates every repetition):
 * - raw insert: pre-built documents, unordered insertMany batches, nothing else (rawInsert);
 * - seed: `seedUp` end to end (guard, lock, leftover check, id blocks, generation, writes);
 * - down: `seedDown` (guard, lock, deleteMany by marker) vs a raw deleteMany({}) of the raw
 *   run's identical documents.
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
          seedUp({ db: seedDb, batch, settings, logger: silentLogger }),
        );
        expectCount('seed', 2 * (value.calls.last - value.calls.first + 1), docs);
        return ms;
      };
      const [rawMs, seedMs] = await inOrder(rep, runRaw, runSeed);
      raw.push(perSecond(docs, rawMs));
      seed.push(perSecond(docs, seedMs));
      ratios.push(rawMs / seedMs);

      const runDown = async (): Promise<number> => {
        const { ms, value } = await timed(() =>
          seedDown({ db: seedDb, batch, guard: guardOf(settings), logger: silentLogger }),
        );
        expectCount('down', value.total, docs);
        return ms;
      };
      const runRawDelete = async (): Promise<number> => {
        const { ms, value } = await timed(() => rawDeleteAll(rawDb, options.calls));
        expectCount('raw delete', value, docs);
        return ms;
      };
      const [downMs, rawDeleteMs] = await inOrder(rep, runDown, runRawDelete);
      down.push(downMs);
      rawDelete.push(rawDeleteMs);
      downRatios.push(downMs / rawDeleteMs);
      progress(
        `  rep ${rep + 1}/${options.reps}: raw ${Math.round(raw.at(-1)!)} docs/s, seed ${Math.round(seed.at(-1)!)} docs/s ` +
          `(${ratios.at(-1)!.toFixed(2)}); down ${Math.round(downMs)} ms vs raw delete ${Math.round(rawDeleteMs)} ms`,
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
    rawDeleteMs: median(rawDelete),
    downVsRaw: median(downRatios),
  };
}

interface Prebuilt {
  readonly calls: CallDoc[];
  readonly logs: ActivityLogDoc[];
}

/** The documents the seed would write, ids 1..n. */
function prebuild(settings: Settings, batch: string): Prebuilt {
  const calls: CallDoc[] = [];
  const logs: ActivityLogDoc[] = [];
  for (const chunk of generateChunks(planFromSettings(settings, batch), 1, 1, 10_000)) {
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
 * One deleteMany({}) per collection. FerretDB/SQLite refuses more than 32,766 matches per
 * statement, so above 30,000 calls the ceiling is the fewest id ranges it accepts (on MongoDB
 * one deleteMany would do: keep --calls under 30,000 there too for a like-for-like ratio).
 */
async function rawDeleteAll(db: Db, calls: number): Promise<number> {
  let deleted = 0;
  for (const name of [ACTIVITY_LOGS, CALLS]) {
    const collection = db.collection(name);
    if (calls <= RAW_DELETE_PART) {
      deleted += (await collection.deleteMany({})).deletedCount;
      continue;
    }
    for (let first = 1; first <= calls; first += RAW_DELETE_PART) {
      deleted += (await collection.deleteMany({ id: { $gte: first, $lt: first + RAW_DELETE_PART } }))
        .deletedCount;
    }
  }
  return deleted;
}

function expectCount(what: string, actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`${what}: ${actual} documents instead of ${expected}`);
}
