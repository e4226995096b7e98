// One full seed of --calls calls in a process of its own, so that its peak memory is the
// seed's alone: prints {"calls", "ms", "startRssMb", "peakRssMb"} as one JSON line.
import { openDatabase } from '../src/write/connect';
import { silentLogger } from '../src/logger';
import { seedUp } from '../src/operations/seed-up';
import { benchSettings } from './bench-db';

async function main(): Promise<void> {
  const [url, dbName, calls, batchSize, concurrency] = process.argv.slice(2);
  if (!url || !dbName || !calls || !batchSize || !concurrency) {
    throw new Error('usage: rss-child.ts <url> <db> <calls> <batchSize> <concurrency>');
  }
  const settings = benchSettings({
    mongoUrl: url,
    dbName,
    calls: Number(calls),
    batchSize: Number(batchSize),
    concurrency: Number(concurrency),
  });
  const { client, db } = await openDatabase(url, dbName);
  const startRss = process.memoryUsage().rss;
  try {
    const started = performance.now();
    await seedUp({ db, batch: 'bench-rss', settings, logger: silentLogger });
    const ms = performance.now() - started;
    // ru_maxrss: the kernel's high-water mark for the whole process, start-up included.
    const peakRss = process.resourceUsage().maxRSS * 1024;
    console.log(
      JSON.stringify({
        calls: settings.calls,
        ms,
        startRssMb: startRss / 2 ** 20,
        peakRssMb: peakRss / 2 ** 20,
      }),
    );
  } finally {
    await db.dropDatabase();
    await client.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
