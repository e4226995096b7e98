// The floor of `migrate-mongo up` and `down` beside the app's own data: what a careful
// hand-written script must spend on the same work. Plain JavaScript run by plain node (no
// ts-node, no library): start, load the driver, connect, then
// - up: read the highest `id` of each collection (both reads at once, as a script that must
//   not collide with the app's ids does), give the pre-built documents the ids
//   after them (calls' `ukey` and logs' `entity_id` follow), insert the calls then the logs
//   (unordered), print the first ids;
// - down: `deleteMany({seed_batch})` on the logs then the calls, in the fewest parts the
//   server allows (FerretDB/SQLite: at most 32,766 matches per delete; parts are id ranges
//   of the ids `up` printed); print how many were removed.
// The parent times it from spawn to exit.
//
// usage: node bench/floor-app.cjs up <url> <db> <docs.json>
//        node bench/floor-app.cjs down <url> <db> <batch> <count> <firstCallId> <firstLogId>
'use strict';

const { readFileSync } = require('node:fs');
const { MongoClient } = require('mongodb');

/** Documents per delete: under FerretDB/SQLite's 32,766 variables per statement. */
const PART = 30000;

async function up(db, file) {
  const { calls, logs } = JSON.parse(readFileSync(file, 'utf8'));
  // The cheapest read of the highest id the server offers: through an index on `id` where
  // there is one, otherwise one projected pass keeping the largest. FerretDB/SQLite sorts
  // whole documents in memory for a sort it cannot push down: beside 60,000 documents per
  // collection, this script reading by `sort({id: -1}).limit(1)` took 1.04-1.5 times as long as
  // the whole `migrate-mongo up`, which reads by a projected pass (bench, 2026-12-03).
  const highest = async (name) => {
    const docs = db.collection(name);
    const indexes = await docs.indexes().catch(() => []);
    if (indexes.some((i) => Object.keys(i.key)[0] === 'id')) {
      const [top] = await docs
        .find({}, { projection: { _id: 0, id: 1 } })
        .sort({ id: -1 })
        .limit(1)
        .toArray();
      return top ? Number(top.id) : 0;
    }
    let max = 0;
    for await (const doc of docs.find({}, { projection: { _id: 0, id: 1 } })) {
      if (typeof doc.id === 'number' && doc.id > max) max = doc.id;
    }
    return max;
  };
  const [lastCall, lastLog] = await Promise.all([highest('calls'), highest('activity_logs')]);
  calls.forEach((call, i) => {
    call.id = lastCall + 1 + i;
    call.ukey = `${call.tenant_id}000${call.id}`;
  });
  logs.forEach((log, i) => {
    log.id = lastLog + 1 + i;
    log.entity_id = calls[i].id;
  });
  await db.collection('calls').insertMany(calls, { ordered: false });
  await db.collection('activity_logs').insertMany(logs, { ordered: false });
  console.log(JSON.stringify({ firstCallId: lastCall + 1, firstLogId: lastLog + 1 }));
}

async function down(db, batch, count, firstCallId, firstLogId) {
  let removed = 0;
  for (const [name, first] of [
    ['activity_logs', firstLogId],
    ['calls', firstCallId],
  ]) {
    if (count <= PART) {
      removed += (await db.collection(name).deleteMany({ seed_batch: batch })).deletedCount;
      continue;
    }
    for (let from = first; from < first + count; from += PART) {
      const filter = { seed_batch: batch, id: { $gte: from, $lt: from + PART } };
      removed += (await db.collection(name).deleteMany(filter)).deletedCount;
    }
  }
  console.log(JSON.stringify({ removed }));
}

async function main() {
  const [step, url, dbName, ...rest] = process.argv.slice(2);
  if (!url || !dbName || (step !== 'up' && step !== 'down')) {
    throw new Error('usage: floor-app.cjs up|down <url> <db> ...');
  }
  const client = new MongoClient(url);
  try {
    await client.connect();
    const db = client.db(dbName);
    if (step === 'up') await up(db, rest[0]);
    else await down(db, rest[0], Number(rest[1]), Number(rest[2]), Number(rest[3]));
  } finally {
    await client.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
