// One full seed of <calls> calls in a process of its own, so that its peak memory is the
// seed's alone. Plain JavaScript run by plain node against the compiled library (dist/, the
// public seedCalls), as an application that installed the package runs it: no ts-node, no
// TypeScript compiler in the process. Node options (e.g. --max-semi-space-size) come from the
// parent's command line, the way an application's entry point would set them.
// Prints {"calls", "ms", "startRssMb", "peakRssMb", "statsMs"} as one JSON line.
//
// usage: node [node options] bench/rss-child.cjs <url> <db> <calls> <batchSize> <concurrency> <seed> <refDate>
'use strict';

const { MongoClient } = require('mongodb');
const { seedCalls } = require('../dist/index.js');
const { collectStats } = require('../dist/inspect/batch-stats.js');

async function main() {
  const [url, dbName, calls, batchSize, concurrency, randomSeed, refDate] = process.argv.slice(2);
  if (!url || !dbName || !calls || !batchSize || !concurrency || !randomSeed || !refDate) {
    throw new Error('usage: rss-child.cjs <url> <db> <calls> <batchSize> <concurrency> <seed> <refDate>');
  }
  const client = new MongoClient(url);
  await client.connect();
  const db = client.db(dbName);
  const startRss = process.memoryUsage().rss;
  try {
    const started = performance.now();
    const result = await seedCalls({
      db,
      batch: 'bench-rss',
      calls: Number(calls),
      batchSize: Number(batchSize),
      concurrency: Number(concurrency),
      randomSeed: Number(randomSeed),
      refDate,
    });
    const ms = performance.now() - started;
    // ru_maxrss: the kernel's high-water mark for the whole process, start-up included.
    const peakRss = process.resourceUsage().maxRSS * 1024;
    // crm-seed stats on the seeded database, after the peak was read: from the batch registry.
    const statsStarted = performance.now();
    await collectStats(db);
    const statsMs = performance.now() - statsStarted;
    console.log(
      JSON.stringify({
        calls: result.collections[0].count,
        ms,
        startRssMb: startRss / 2 ** 20,
        peakRssMb: peakRss / 2 ** 20,
        statsMs,
      }),
    );
  } finally {
    await db.dropDatabase();
    await client.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
