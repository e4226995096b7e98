import type { MongoClient } from 'mongodb';
import { seedUp, silentLogger } from '../src/internal';
import { benchSettings, freshDbName } from './bench-db';
import type { BenchOptions } from './bench-options';
import { median, perSecond, timed } from './stats';

export interface TuningFigure {
  readonly batchSize: number;
  readonly concurrency: number;
  readonly docsPerS: number;
}

/**
 * Seed throughput for each batch size x concurrency of the grid, round-robin so that every
 * configuration sees the same mix of quiet and busy moments; medians of `reps` rounds.
 * How the defaults in src/config/settings-table.ts were picked.
 */
export async function measureTuning(
  client: MongoClient,
  url: string,
  options: BenchOptions,
  progress: (line: string) => void,
): Promise<TuningFigure[]> {
  const samples = options.tuneGrid.map(() => [] as number[]);
  for (let rep = 0; rep < options.reps; rep++) {
    // Rotated each round, so no configuration always runs first.
    for (let k = 0; k < options.tuneGrid.length; k++) {
      const i = (k + rep) % options.tuneGrid.length;
      const { batchSize, concurrency } = options.tuneGrid[i]!;
      const dbName = freshDbName('tune');
      const settings = benchSettings({ mongoUrl: url, dbName, calls: options.calls, batchSize, concurrency });
      try {
        const { ms } = await timed(() =>
          seedUp({
            db: client.db(dbName),
            batch: 'bench-tune',
            owner: 'script:bench',
            settings,
            logger: silentLogger,
          }),
        );
        samples[i]!.push(perSecond(2 * options.calls, ms));
        progress(
          `  rep ${rep + 1}/${options.reps}: batch ${batchSize} x ${concurrency}: ${Math.round(samples[i]!.at(-1)!)} docs/s`,
        );
      } finally {
        await client.db(dbName).dropDatabase();
      }
    }
  }
  return options.tuneGrid.map((cfg, i) => ({ ...cfg, docsPerS: median(samples[i]!) }));
}
