// Plants the scaffold example's fixture database (test/support/scaffold-fixture.ts): users,
// accounts, contacts and leads of two tenants with planted distributions, the same every time.
// usage: MONGO_URL=mongodb://127.0.0.1:27017 node -r ts-node/register scripts/plant-scaffold-fixture.ts [database]
import { MongoClient } from 'mongodb';
import { EXAMPLE_DB, plantCrm } from '../test/support/scaffold-fixture';

async function main(): Promise<void> {
  const url = process.env['MONGO_URL'] ?? 'mongodb://127.0.0.1:27017';
  const name = process.argv[2] ?? EXAMPLE_DB;
  const client = await MongoClient.connect(url, { serverSelectionTimeoutMS: 5000 });
  try {
    const db = client.db(name);
    if ((await db.listCollections({}, { nameOnly: true }).toArray()).length > 0) {
      throw new Error(`database ${name} is not empty: drop it first, or name another one`);
    }
    await plantCrm(db);
    console.log(`Planted users, accounts, contacts and leads into ${name}.`);
  } finally {
    await client.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
