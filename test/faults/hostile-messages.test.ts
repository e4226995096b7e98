import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectionString } from 'mongodb-connection-string-url';
import type { Db } from 'mongodb';
import { runBin } from '../cli/support/cli';
import { expectOk, runMigrate } from '../support/run-process';
import type { ProcessResult } from '../support/run-process';
import { openTestDb, serverUrl, snapshotDatabase } from '../support/test-db';
import type { TestDb } from '../support/test-db';
import { addForeignData, BATCH } from './support/fault-data';

const USER = 'seeder';
const PASSWORD = 'H0stile-Secret-9';

/** One row's world: its own database holding the app's data, its own working directory. */
interface RowState {
  readonly t: TestDb;
  readonly dir: string;
}

/** Nothing written (ids perhaps reserved), or exactly `count` calls and logs of `marker` added. */
type Expected =
  | 'nothing written'
  | 'nothing written, ids reserved'
  | { readonly marker: string; readonly count: number; readonly also?: (row: RowState) => Promise<void> };

interface Row {
  readonly what: string;
  /** The hostile state, set up by hand: indexes, documents, files in the working directory. */
  readonly setup?: (row: RowState) => Promise<void> | void;
  /** The real command, as a process. */
  readonly run: (row: RowState) => Promise<ProcessResult>;
  readonly code: number;
  /** The whole of stderr: this one line. */
  readonly line: RegExp;
  /** What the database holds afterwards, compared with before. */
  readonly after: Expected;
}

/** The test server's URL with parts changed (credentials, path, options). */
function urlWith(change: (url: ConnectionString) => void): string {
  const url = new ConnectionString(serverUrl());
  change(url);
  return url.toString();
}
const withCredentials = (url: ConnectionString): void => {
  url.username = USER;
  url.password = PASSWORD;
};

const crmSeed = (row: RowState, args: string[], env: Record<string, string | undefined> = {}) =>
  runBin(args, { cwd: row.dir, env: { MONGO_DB: row.t.name, ...env } });
const migrate = (row: RowState, args: string[], env: Record<string, string | undefined> = {}) =>
  runMigrate(args, { env: { MONGO_DB: row.t.name, SEED_CALLS: '40', SEED_BATCH_SIZE: '5', ...env } });

/**
 * The app's own unique index on calls.ukey, and an app call holding the ukey the 8th seeded
 * call gets (tenant 1, id 30: "1000" + "30"; the app's calls counter stands at 22), under an
 * id below the counter (an id above it would be refused first: a counter behind the data), as
 * an app whose ids and ukeys drifted apart would have.
 */
async function collidingUkey(row: RowState): Promise<void> {
  await row.t.db.collection('calls').createIndex({ ukey: 1 }, { unique: true });
  await row.t.db.collection('calls').insertOne({ id: 0, ukey: '100030', subject: 'ukey ahead of its id' });
}

const ROWS: Row[] = [
  {
    what: 'replicaSet=rs0 in MONGO_URL against a standalone server (crm-seed import)',
    run: (row) =>
      crmSeed(row, ['import', 'good.csv'], {
        MONGO_URL: urlWith((u) => (withCredentials(u), u.searchParams.set('replicaSet', 'rs0'))),
      }),
    code: 3,
    line: new RegExp(
      `^crm-seed: cannot connect to MongoDB at mongodb://${USER}:\\*\\*\\*@[^ ]+replicaSet=rs0: replica set name mismatch: MONGO_URL asks for replicaSet=rs0 but the server at [^ ]+ (is a standalone server \\(not a replica set member\\); remove replicaSet from MONGO_URL|reports set ")`,
    ),
    after: 'nothing written',
  },
  {
    what: 'replicaSet=rs0 in MONGO_URL against a standalone server (migrate-mongo up)',
    run: (row) =>
      migrate(row, ['up'], {
        MONGO_URL: urlWith((u) => (withCredentials(u), u.searchParams.set('replicaSet', 'rs0'))),
      }),
    code: 1,
    line: /^ERROR: cannot connect to MongoDB at .*: replica set name mismatch: MONGO_URL asks for replicaSet=rs0 but the server at \S+ (is a standalone server|reports set ")/,
    after: 'nothing written',
  },
  {
    what: 'tls=true in MONGO_URL against a server without TLS',
    run: (row) =>
      crmSeed(row, ['import', 'good.csv'], {
        MONGO_URL: urlWith((u) => (withCredentials(u), u.searchParams.set('tls', 'true'))),
      }),
    code: 3,
    line: new RegExp(
      `^crm-seed: cannot connect to MongoDB at mongodb://${USER}:\\*\\*\\*@[^ ]+tls=true: TLS handshake failed: .*does not (seem to )?speak TLS.*\\(tls=true in MONGO_URL`,
    ),
    after: 'nothing written',
  },
  {
    what: "the app's unique index on calls.ukey collides with a seeded call (migrate-mongo up)",
    setup: collidingUkey,
    run: (row) => migrate(row, ['up']),
    code: 1,
    line: new RegExp(
      `^ERROR: Could not migrate up ${BATCH}\\.ts: up of batch ${BATCH} stopped: duplicate key in calls: a document with \\{ ukey: "100030" \\} is already there \\(unique index ukey_1\\), and a document being written has the same value; find it with db\\.calls\\.find\\(\\{ ukey: "100030" \\}\\); (removed the \\d+ calls, \\d+ activity_logs it had written|nothing had been written), and nothing is recorded in the changelog\\s*$`,
    ),
    after: 'nothing written, ids reserved',
  },
  {
    what: "the app's unique index on calls.ukey collides with an imported call (crm-seed import)",
    setup: collidingUkey,
    run: (row) => crmSeed(row, ['import', 'forty.csv', '--batch-size', '5']),
    code: 3,
    line: /^crm-seed: import failed: duplicate key in calls: a document with \{ ukey: "100030" \} is already there \(unique index ukey_1\), and a document being written has the same value; find it with db\.calls\.find\(\{ ukey: "100030" \}\); removed the \d+ calls and \d+ activity logs written so far$/,
    after: 'nothing written, ids reserved',
  },
  {
    what: 'generate --out under a path whose parent is a regular file',
    setup: (row) => writeFileSync(join(row.dir, 'blocker'), 'not a folder'),
    run: (row) => crmSeed(row, ['generate', '--calls', '3', '--out', 'blocker/calls.jsonl']),
    code: 2,
    line: /^crm-seed: cannot write blocker\/calls\.jsonl: blocker is a regular file, not a directory$/,
    after: 'nothing written',
  },
  {
    what: 'generate --logs-out into a folder that does not exist (the calls file is not left behind)',
    run: (row) =>
      crmSeed(row, ['generate', '--calls', '3', '--out', 'calls.jsonl', '--logs-out', 'nowhere/logs.jsonl']),
    code: 2,
    line: /^crm-seed: cannot write nowhere\/logs\.jsonl: the directory nowhere does not exist$/,
    after: 'nothing written',
  },
  {
    what: 'import of a file that does not exist',
    run: (row) => crmSeed(row, ['import', 'missing.csv']),
    code: 2,
    line: /^crm-seed: cannot read missing\.csv: no such file$/,
    after: 'nothing written',
  },
  {
    what: 'import of a directory',
    setup: (row) => mkdirSync(join(row.dir, 'calls-folder.csv')),
    run: (row) => crmSeed(row, ['import', 'calls-folder.csv']),
    code: 2,
    line: /^crm-seed: cannot read calls-folder\.csv: it is a directory$/,
    after: 'nothing written',
  },
  {
    what: 'import of a file under a regular file',
    setup: (row) => writeFileSync(join(row.dir, 'blocker'), 'not a folder'),
    run: (row) => crmSeed(row, ['import', 'blocker/calls.csv']),
    code: 2,
    line: /^crm-seed: cannot read blocker\/calls\.csv: blocker is a regular file, not a directory$/,
    after: 'nothing written',
  },
  {
    what: 'a crm-seed.config.json starting with a UTF-8 byte order mark is read',
    setup: (row) =>
      writeFileSync(
        join(row.dir, 'crm-seed.config.json'),
        `\uFEFF${JSON.stringify({ dbName: row.t.name, batchSize: 2 })}\n`,
      ),
    // The database comes from the file alone.
    run: (row) => crmSeed(row, ['import', 'good.csv', '-q'], { MONGO_DB: undefined }),
    code: 0,
    line: /^$/,
    after: { marker: 'import-good.csv', count: 3 },
  },
  {
    what: 'MONGO_URL with a database in its path and no MONGO_DB (crm-seed import)',
    run: (row) =>
      crmSeed(row, ['import', 'good.csv', '-q'], {
        MONGO_URL: urlWith((u) => (u.pathname = `/${row.t.name}`)),
        MONGO_DB: undefined,
      }),
    code: 0,
    line: /^$/,
    after: { marker: 'import-good.csv', count: 3 },
  },
  {
    what: 'MONGO_URL with a database in its path and no MONGO_DB (migrate-mongo up)',
    run: (row) =>
      migrate(row, ['up'], {
        MONGO_URL: urlWith((u) => (u.pathname = `/${row.t.name}`)),
        MONGO_DB: undefined,
      }),
    code: 0,
    line: /^$/,
    after: { marker: BATCH, count: 40 },
  },
  {
    what: 'MONGO_DB wins over the database in the MONGO_URL path',
    run: (row) =>
      crmSeed(row, ['import', 'good.csv', '-q'], {
        MONGO_URL: urlWith((u) => (u.pathname = `/${row.t.name}_not_this_one`)),
      }),
    code: 0,
    line: /^$/,
    after: {
      marker: 'import-good.csv',
      count: 3,
      also: async (row) => {
        const others = await row.t.client.db(`${row.t.name}_not_this_one`).listCollections().toArray();
        expect(others).toEqual([]);
      },
    },
  },
];

/**
 * The database as the app sees it, apart from the seed's own bookkeeping: the lock (gone
 * again), the batch registry (its one-time legacy-scan record), migrate-mongo's changelog,
 * the seq of the two sequences a run reserves ids from (advanced by design: ids are never
 * handed out twice) and the documents of `marker`, when the run was to write some.
 */
async function appState(db: Db, idsReserved: boolean, marker?: string): Promise<Record<string, unknown[]>> {
  const snapshot = await snapshotDatabase(db, ['seed_locks', 'seed_batches', 'changelog']);
  for (const [name, docs] of Object.entries(snapshot)) {
    snapshot[name] = (docs as Record<string, unknown>[])
      .filter((d) => marker === undefined || d['seed_batch'] !== marker)
      .map((d) =>
        idsReserved && name === 'counters' && ['calls', 'activity_logs'].includes(String(d['_id']))
          ? { ...d, seq: 'reserved' }
          : d,
      );
  }
  return snapshot;
}

describe('hostile state: errors name the real cause, nothing is lost or written', () => {
  let inputs: string;
  const rows: { t: TestDb; dir: string }[] = [];

  beforeAll(async () => {
    inputs = mkdtempSync(join(tmpdir(), 'crm-seed-hostile-'));
    const fixed = ['--seed', '1', '--ref-date', '2025-10-10', '-q'];
    expectOk(await runBin(['generate', '--calls', '3', ...fixed, '--out', 'good.csv'], { cwd: inputs }));
    expectOk(await runBin(['generate', '--calls', '40', ...fixed, '--out', 'forty.csv'], { cwd: inputs }));
  });
  afterAll(async () => {
    for (const { t, dir } of rows.splice(0)) {
      await t.client.db(`${t.name}_not_this_one`).dropDatabase();
      await t.drop();
      rmSync(dir, { recursive: true, force: true });
    }
    rmSync(inputs, { recursive: true, force: true });
  });

  test.concurrent.each(ROWS.map((row) => [row.what, row] as const))('%s', async (_what, spec) => {
    const row: RowState = {
      t: await openTestDb('hostile'),
      dir: mkdtempSync(join(tmpdir(), 'crm-seed-hostile-row-')),
    };
    rows.push(row);
    await addForeignData(row.t.db);
    for (const file of ['good.csv', 'forty.csv']) copyFileSync(join(inputs, file), join(row.dir, file));
    await spec.setup?.(row);
    const written = typeof spec.after === 'object' ? spec.after : undefined;
    const idsReserved = spec.after !== 'nothing written';
    const before = await appState(row.t.db, idsReserved);
    const files = readdirSync(row.dir).sort();

    const result = await spec.run(row);

    if (result.code !== spec.code) {
      throw new Error(
        `exit ${String(result.code)}, expected ${spec.code}:\n${result.stdout}\n${result.stderr}`,
      );
    }
    expect(result.stderr.trim()).toMatch(spec.line);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    expect(result.stderr).not.toMatch(/when the server is back|unexpected error|is the server running/);
    // Nothing of the app's lost or changed; nothing written but what the row expects.
    expect(await appState(row.t.db, idsReserved, written?.marker)).toEqual(before);
    if (written) {
      const db = row.t.db;
      expect(await db.collection('calls').countDocuments({ seed_batch: written.marker })).toBe(written.count);
      expect(await db.collection('activity_logs').countDocuments({ seed_batch: written.marker })).toBe(
        written.count,
      );
      await written.also?.(row);
    } else {
      // None of the rows' batches registered (the registry's legacy scan may have recorded the
      // other team's), no lock left, no changelog entry.
      const batches = (await row.t.db.collection('seed_batches').find().toArray()).map((b) => String(b._id));
      for (const marker of [BATCH, 'import-good.csv', 'import-forty.csv'])
        expect(batches).not.toContain(marker);
      expect(await row.t.db.collection('seed_locks').countDocuments()).toBe(0);
      expect(await row.t.db.collection('changelog').countDocuments()).toBe(0);
      expect(readdirSync(row.dir).sort()).toEqual(files);
    }
  });
});

describe('writing into MongoDB’s system database admin', () => {
  const admin = (t: TestDb) => t.client.db('admin');
  let t: TestDb;
  let dir: string;
  let existing: string[];
  const WARNING =
    /^(crm-seed: )?warning: writing into "admin", a MongoDB system database; set MONGO_DB \(or --db\) to the app's database unless this is intended$/;

  beforeAll(async () => {
    t = await openTestDb('hostile-admin');
    dir = mkdtempSync(join(tmpdir(), 'crm-seed-hostile-admin-'));
    existing = (await admin(t).listCollections().toArray()).map((c) => c.name);
  });
  afterAll(async () => {
    // Only what these tests created goes: the seed's collections, when they were not there before.
    for (const c of await admin(t).listCollections().toArray()) {
      if (!existing.includes(c.name)) await admin(t).collection(c.name).drop();
    }
    await t.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('crm-seed import and cleanup warn in one line, then write and remove as asked', async () => {
    const before = await snapshotDatabase(admin(t), ['seed_locks', 'seed_batches', 'counters']);
    expectOk(
      await runBin(['generate', '--calls', '3', '--seed', '1', '--out', 'good.csv', '-q'], { cwd: dir }),
    );
    const marker = `hostile-admin-${t.name}`;
    const imported = await runBin(['import', 'good.csv', '--batch', marker, '-q'], {
      cwd: dir,
      env: { MONGO_DB: 'admin' },
    });
    expect(imported.code).toBe(0);
    expect(imported.stderr.trim().split('\n')).toEqual([expect.stringMatching(WARNING)]);
    expect(await admin(t).collection('calls').countDocuments({ seed_batch: marker })).toBe(3);

    const cleaned = await runBin(['cleanup', '--batch', marker, '--yes', '-q'], {
      cwd: dir,
      env: { MONGO_DB: 'admin' },
    });
    expect(cleaned.code).toBe(0);
    expect(cleaned.stderr.trim().split('\n')).toEqual([expect.stringMatching(WARNING)]);
    // The collections the import created go with the batch, left as they were before it.
    expect(await snapshotDatabase(admin(t), ['seed_locks', 'seed_batches', 'counters'])).toEqual({
      ...before,
    });
  });

  test('migrate-mongo up and down warn once each, then seed and remove the batch', async () => {
    const env = { MONGO_DB: 'admin', SEED_CALLS: '5' };
    const up = await runMigrate(['up'], { env });
    expectOk(up);
    expect(up.stderr.trim().split('\n')).toEqual([expect.stringMatching(WARNING)]);
    expect(await admin(t).collection('calls').countDocuments({ seed_batch: BATCH })).toBe(5);

    const down = await runMigrate(['down'], { env });
    expectOk(down);
    expect(down.stderr.trim().split('\n')).toEqual([expect.stringMatching(WARNING)]);
    expect(await admin(t).collection('calls').countDocuments({ seed_batch: BATCH })).toBe(0);
    expect(
      await admin(t)
        .collection('changelog')
        .countDocuments({ fileName: `${BATCH}.ts` }),
    ).toBe(0);
  });
});
