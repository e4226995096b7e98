import type { MongoClient } from 'mongodb';
import { ACTIVITY_LOGS, BATCH_FIELD, CALLS, guardOf, seedDown, seedUp, silentLogger } from '../src/internal';
import { benchSettings, freshDbName } from './bench-db';
import type { BenchOptions } from './bench-options';
import { median, timed } from './stats';

export interface IndexFigures {
  /** Seed up time with an index on seed_batch / without; above 1 means the index costs. */
  readonly upWithVsWithout: number;
  /** Seed down time with the index / without; below 1 means the index helps. */
  readonly downWithVsWithout: number;
}

/**
 * Would an index on the batch marker pay? The same seed into two databases, one whose
 * collections have {seed_batch: 1} beforehand, then down on both; pairs interleaved.
 */
export async function measureIndex(
  client: MongoClient,
  url: string,
  options: BenchOptions,
  progress: (line: string) => void,
): Promise<IndexFigures> {
  const upRatios: number[] = [];
  const downRatios: number[] = [];
  for (let rep = 0; rep < options.reps; rep++) {
    const names = [freshDbName('plain'), freshDbName('indexed')] as const;
    try {
      for (const collection of [CALLS, ACTIVITY_LOGS]) {
        await client
          .db(names[1])
          .collection(collection)
          .createIndex({ [BATCH_FIELD]: 1 });
      }
      const run = async (dbName: string, step: 'up' | 'down'): Promise<number> => {
        const settings = benchSettings({
          mongoUrl: url,
          dbName,
          calls: options.calls,
          batchSize: options.batchSize,
          concurrency: options.concurrency,
        });
        const request = {
          db: client.db(dbName),
          batch: 'bench-index',
          owner: 'script:bench',
          logger: silentLogger,
        };
        return (
          await timed<unknown>(() =>
            step === 'up'
              ? seedUp({ ...request, settings })
              : seedDown({ ...request, guard: guardOf(settings) }),
          )
        ).ms;
      };
      const order = rep % 2 === 0 ? [0, 1] : [1, 0];
      const up: number[] = [];
      const down: number[] = [];
      for (const i of order) up[i] = await run(names[i]!, 'up');
      for (const i of order) down[i] = await run(names[i]!, 'down');
      upRatios.push(up[1]! / up[0]!);
      downRatios.push(down[1]! / down[0]!);
      progress(
        `  rep ${rep + 1}/${options.reps}: up ${Math.round(up[0]!)} ms plain vs ${Math.round(up[1]!)} ms indexed; ` +
          `down ${Math.round(down[0]!)} ms vs ${Math.round(down[1]!)} ms`,
      );
    } finally {
      for (const name of names) await client.db(name).dropDatabase();
    }
  }
  return { upWithVsWithout: median(upRatios), downWithVsWithout: median(downRatios) };
}
