import type { Db, Document } from 'mongodb';

/**
 * FerretDB 1.x (the SQLite backend the tests and the demo run on) differs from MongoDB in two
 * ways the seed must respect: an update is a read followed by a separate write, so $inc is not
 * atomic (FerretDB issue #3040), and a delete removes every match in one SQL statement with one
 * variable per document, which fails beyond SQLite's 32,766. MongoDB has neither limit.
 */
export async function isFerretdbV1(db: Db): Promise<boolean> {
  let known = serverKinds.get(db);
  if (!known) {
    known = db
      .command({ buildInfo: 1 })
      .catch((): Document => ({}))
      .then((info) => {
        const version: unknown = info['ferretdbVersion'];
        return typeof version === 'string' && /^v?1\./.test(version);
      });
    serverKinds.set(db, known);
  }
  return known;
}

/** Asked once per Db: the server does not change under a connection. */
const serverKinds = new WeakMap<Db, Promise<boolean>>();

/**
 * A collection's document count from metadata ($collStats), 0 when it does not exist. On
 * FerretDB `count` and `estimatedDocumentCount` read every document; $collStats does not.
 * FerretDB's PostgreSQL backend answers PostgreSQL's row estimate, -1 for a table never
 * analyzed; then the `collStats` command, which analyzes the table first (~1 s for 60,000
 * documents). Falls back to estimatedDocumentCount where $collStats is not allowed.
 */
export async function metadataCount(db: Db, collection: string): Promise<number> {
  try {
    const [stats] = await db
      .collection(collection)
      .aggregate<{ count?: number }>([{ $collStats: { count: {} } }])
      .toArray();
    const count = stats?.count ?? 0;
    if (count >= 0) return count;
    const analyzed: unknown = (await db.command({ collStats: collection }))['count'];
    if (typeof analyzed === 'number' && analyzed >= 0) return analyzed;
  } catch {
    // $collStats (or collStats) not allowed here: the driver's estimate below.
  }
  return db.collection(collection).estimatedDocumentCount();
}
