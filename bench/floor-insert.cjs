// The floor of `migrate-mongo up`: what any node process that writes the same documents must
// spend. Plain JavaScript run by plain node (no ts-node, no library): start, load the driver,
// read the documents the parent generated with the library's own generator, connect, insert
// the calls then the logs (unordered), close. The parent times it from spawn to exit.
//
// usage: node bench/floor-insert.cjs <url> <db> <docs.json>   (docs.json: {"calls": [], "logs": []})
'use strict';

const { readFileSync } = require('node:fs');
const { MongoClient } = require('mongodb');

async function main() {
  const [url, dbName, file] = process.argv.slice(2);
  if (!url || !dbName || !file) throw new Error('usage: floor-insert.cjs <url> <db> <docs.json>');
  const { calls, logs } = JSON.parse(readFileSync(file, 'utf8'));
  const client = new MongoClient(url);
  try {
    await client.connect();
    const db = client.db(dbName);
    await db.collection('calls').insertMany(calls, { ordered: false });
    await db.collection('activity_logs').insertMany(logs, { ordered: false });
  } finally {
    await client.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
