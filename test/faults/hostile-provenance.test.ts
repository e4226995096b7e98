import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Long } from 'mongodb';
import type { Db } from 'mongodb';
import { ROOT, runMigrate, runProcess } from '../support/run-process';
import type { ProcessResult } from '../support/run-process';
import { openTestDb, snapshotDatabase } from '../support/test-db';
import type { TestDb } from '../support/test-db';

/**
 * The provenance table: ways a marker, a batch name or a registry entry can be shared,
 * copied or lost, set up by hand in the real server, then the real command (a seed file
 * through migrate-mongo, the crm-seed CLI, or a bootstrap script through the API). Each row:
 * exit code, the message, and every collection before and after. Nothing is deleted or
 * replaced without proof that the tool wrote it in that run, for that owner.
 */

const BIN = join(ROOT, 'bin', 'crm-seed.js');
const SEED = '20251020000000-calls-50';
const SEED_FILE = `${SEED}.ts`;
const CALLS = 50;
// Scripts and seed files sit inside the repository: they import the library by its package name.
const SCRATCH = join(ROOT, 'tmp');

type Snapshot = Record<string, unknown[]>;

interface Ctx {
  readonly db: Db;
  readonly dir: string;
  migrate(command: string, env?: Record<string, string>): Promise<ProcessResult>;
  /** migrate-mongo with a config of its own in the scratch folder (another changelog, useFileHash). */
  migrateWith(config: HostConfigOptions, command: string): Promise<ProcessResult>;
  crmSeed(...args: string[]): Promise<ProcessResult>;
  /** A bootstrap script: `body` runs with `db` and the package's exports in scope; it prints what it returns. */
  script(body: string): Promise<ProcessResult>;
}

interface HostConfigOptions {
  readonly changelog: string;
  readonly useFileHash?: boolean;
}

interface Row {
  readonly what: string;
  readonly setup?: (c: Ctx) => Promise<void> | void;
  readonly run: (c: Ctx) => Promise<ProcessResult>;
  readonly exit: number;
  readonly message: RegExp;
  /** 'unchanged': every collection as before; otherwise the row's own check of before and after. */
  readonly after: 'unchanged' | ((c: Ctx, before: Snapshot, after: Snapshot) => Promise<void> | void);
}

const up = async (c: Ctx): Promise<void> => expectExit(await c.migrate('up'), 0);

const appCalls = (ids: readonly number[], fields: Record<string, unknown> = {}) =>
  ids.map((id) => ({ id, ukey: `1000${id}`, subject: `App call ${id}`, tenant_id: 1, ...fields }));

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Documents of a collection, without the seed's own (those carrying a run identity). */
const notSeeded = (docs: unknown[] | undefined): unknown[] =>
  (docs ?? []).filter((d) => (d as Record<string, unknown>)['seed_run'] === undefined);

const ROWS: Row[] = [
  {
    what: 'app calls carrying a seed_batch string, the tool never ran: cleanup --last 5 deletes none of them',
    setup: async (c) => {
      await c.db
        .collection('calls')
        .insertMany([...appCalls(range(1, 20), { seed_batch: 'q3-import' }), ...appCalls(range(21, 30))]);
    },
    run: (c) => c.crmSeed('cleanup', '--last', '5', '--yes'),
    exit: 0,
    message: /^(?=[\s\S]*Nothing to delete)(?=[\s\S]*Not selected: 20 calls carrying a seed marker)/,
    after: 'unchanged',
  },
  {
    what: 'seedCalls under a marker 20 app calls carry: they are not "left by an interrupted run"',
    setup: async (c) => {
      await c.db.collection('calls').insertMany(appCalls(range(1, 20), { seed_batch: 'dev-bootstrap' }));
    },
    run: (c) =>
      c.script(`const r = await seedCalls({ db, batch: 'dev-bootstrap', calls: 10 });
const [calls] = r.collections;
return { calls: { first: calls.first, last: calls.last }, removedPartial: r.removedPartial, replaced: r.replaced };`),
    exit: 0,
    message: /"calls":\{"first":21,"last":30\},"removedPartial":0,"replaced":0/,
    after: (_c, before, after) => {
      expect(notSeeded(after['calls'])).toEqual(before['calls']);
      expect((after['calls'] ?? []).length).toBe(30);
    },
  },
  {
    what: 'removeSeedBatch of that marker afterwards takes the 10 it wrote, reports the 20, keeps them',
    setup: async (c) => {
      await c.db.collection('calls').insertMany(appCalls(range(1, 20), { seed_batch: 'dev-bootstrap' }));
      // With an index on the marker, counting what is left is cheap, so removal reports it.
      await c.db.collection('calls').createIndex({ seed_batch: 1 });
      expectExit(await c.script(`return seedCalls({ db, batch: 'dev-bootstrap', calls: 10 });`), 0);
    },
    run: (c) => c.script(`return removeSeedBatch({ db, batch: 'dev-bootstrap' });`),
    exit: 0,
    message: /"collections":\{"activity_logs":10,"calls":10\},"total":20,"outside":\{"calls":20\}/,
    after: (_c, before, after) => {
      expect(after['calls']).toEqual(notSeeded(before['calls']));
      expect(after['seed_batches']).toBeUndefined();
    },
  },
  {
    what: 'the app copies a seeded call (all fields, a new id): down keeps the copy and says so',
    setup: async (c) => {
      await up(c);
      await c.db.collection('calls').createIndex({ seed_batch: 1 });
      const { _id: _ignored, ...call } = (await c.db
        .collection('calls')
        .findOne({ seed_batch: SEED, id: 1 }))!;
      await c.db.collection('calls').insertOne({ ...call, id: 5000, ukey: '10005000' });
    },
    run: (c) => c.migrate('down'),
    exit: 0,
    message: /left 1 calls that carry the marker "20251020000000-calls-50" but were not written by its run/,
    after: async (c, _before, after) => {
      expect(
        (await c.db.collection('calls').find({ seed_batch: SEED }).toArray()).map((d): unknown => d['id']),
      ).toEqual([5000]);
      expect(after['activity_logs']).toBeUndefined();
    },
  },
  {
    what: 'without an index on the marker, down keeps the copy quietly and verify reports it',
    setup: async (c) => {
      await up(c);
      const { _id: _ignored, ...call } = (await c.db
        .collection('calls')
        .findOne({ seed_batch: SEED, id: 1 }))!;
      await c.db.collection('calls').insertOne({ ...call, id: 5000, ukey: '10005000' });
      expectExit(await c.migrate('down'), 0);
    },
    run: (c) => c.crmSeed('verify'),
    exit: 1,
    message: /20251020000000-calls-50/,
    after: async (c) => {
      expect(await c.db.collection('calls').countDocuments({ seed_batch: SEED })).toBe(1);
    },
  },
  {
    what: "the batch's registry entry deleted, and a copy of a seeded call: down refuses, nothing removed",
    setup: async (c) => {
      await up(c);
      const { _id: _ignored, ...call } = (await c.db
        .collection('calls')
        .findOne({ seed_batch: SEED, id: 1 }))!;
      await c.db.collection('calls').insertOne({ ...call, id: 5000, ukey: '10005000' });
      await c.db.collection('seed_batches').deleteOne({ _id: SEED as never });
    },
    run: (c) => c.migrate('down'),
    exit: 1,
    message:
      /UNPROVEN|batch 20251020000000-calls-50: 51 calls, 50 activity_logs carry its marker, but its registry entry is missing, so which of them this tool wrote cannot be proven; nothing was removed: .*crm-seed cleanup --batch 20251020000000-calls-50/,
    after: unchangedBut('seed_locks'),
  },
  {
    what: 'the registry collection dropped: down refuses the same way',
    setup: async (c) => {
      await up(c);
      await c.db.collection('seed_batches').drop();
    },
    run: (c) => c.migrate('down'),
    exit: 1,
    message: /50 calls, 50 activity_logs carry its marker, but its registry entry is missing/,
    after: unchangedBut('seed_locks'),
  },
  {
    what: 'the same batch name twice through the API: the complete batch is refused (BATCH_EXISTS), not replaced',
    setup: async (c) => {
      expectExit(await c.script(`return seedCalls({ db, batch: 'dev-bootstrap', calls: 200 });`), 0);
    },
    run: (c) => c.script(`return seedCalls({ db, batch: 'dev-bootstrap', calls: 10 });`),
    exit: 1,
    message:
      /BATCH_EXISTS: batch dev-bootstrap already exists \(complete: 200 calls, 200 activity_logs; .*\); nothing was written: .*pass replace: true/,
    after: unchangedBut('seed_locks'),
  },
  {
    what: 'the same batch name with replace: true says it replaced the complete batch',
    setup: async (c) => {
      expectExit(await c.script(`return seedCalls({ db, batch: 'dev-bootstrap', calls: 200 });`), 0);
    },
    run: (c) =>
      c.script(`const r = await seedCalls({ db, batch: 'dev-bootstrap', calls: 10, replace: true });
return { replaced: r.replaced, removedPartial: r.removedPartial };`),
    exit: 0,
    message: /\{"replaced":400,"removedPartial":0\}/,
    after: async (c) => {
      expect(await c.db.collection('calls').countDocuments()).toBe(10);
    },
  },
  {
    what: 'useFileHash and an edited seed file: the re-apply says "replacing", not "interrupted"',
    setup: async (c) => {
      expectExit(await c.migrateWith({ changelog: 'changelog', useFileHash: true }, 'up'), 0);
      writeFileSync(
        join(c.dir, SEED_FILE),
        "import { defineCallSeed } from 'crm-calls-seed';\n\nexport = defineCallSeed(__filename, { calls: 30 });\n",
      );
    },
    run: (c) => c.migrateWith({ changelog: 'changelog', useFileHash: true }, 'up'),
    exit: 0,
    message:
      /^(?![\s\S]*interrupted)(?=[\s\S]*replacing batch 20251020000000-calls-50 \(its seed file changed since it was applied \(useFileHash\)\): removed 50 calls, 50 activity_logs)/,
    after: async (c) => {
      expect(await c.db.collection('calls').countDocuments({ seed_batch: SEED })).toBe(30);
      // The old content's entry is gone: the changelog tells the one applied content.
      expect(await c.db.collection('changelog').countDocuments({ fileName: SEED_FILE })).toBe(1);
    },
  },
  {
    what: 'another repository (another changelog) with a seed file of the same name: its up is refused',
    setup: up,
    run: (c) => c.migrateWith({ changelog: 'other_changelog' }, 'up'),
    exit: 1,
    message:
      /marker "20251020000000-calls-50" belongs to another batch \(seed file 20251020000000-calls-50\.ts applied through changelog.*not to 20251020000000-calls-50\.ts/,
    after: unchangedBut('seed_locks'),
  },
  {
    what: "another repository's interrupted-run recovery never takes this repository's batch",
    setup: async (c) => {
      await up(c);
      // Earlier in the folder, so the other repository runs it first; there our seed file is unapplied.
      writeFileSync(
        join(c.dir, '20251019000000-other.ts'),
        "import { defineCallSeed } from 'crm-calls-seed';\n\nexport = defineCallSeed(__filename, { calls: 5 });\n",
      );
    },
    run: (c) => c.migrateWith({ changelog: 'other_changelog' }, 'up'),
    exit: 1,
    message:
      /^(?=[\s\S]*left batch 20251020000000-calls-50 in place: seed file 20251020000000-calls-50\.ts applied through changelog, not by an interrupted up)(?=[\s\S]*MARKER_IN_USE|[\s\S]*belongs to another batch)/,
    after: async (c) => {
      expect(await c.db.collection('calls').countDocuments({ seed_batch: SEED })).toBe(CALLS);
      expect(await c.db.collection('activity_logs').countDocuments({ seed_batch: SEED })).toBe(CALLS);
    },
  },
  {
    what: "a script namespace never removes another namespace's batch",
    setup: async (c) => {
      expectExit(
        await c.script(`return seedCalls({ db, batch: 'shared-name', calls: 10, namespace: 'team-a' });`),
        0,
      );
    },
    run: (c) => c.script(`return removeSeedBatch({ db, batch: 'shared-name', namespace: 'team-b' });`),
    exit: 1,
    message:
      /MARKER_IN_USE: marker "shared-name" belongs to another batch \(written by a script \(namespace team-a\).*not to script:team-b/,
    after: unchangedBut('seed_locks'),
  },
  {
    what: 'an import under a marker, then seedCalls of that marker: refused, the import stays',
    setup: async (c) => {
      const file = join(c.dir, 'calls.jsonl');
      writeFileSync(
        file,
        `${JSON.stringify({ subject: 'Imported', type: 'inbound', start_time: '2025-10-01T10:00:00.000Z', call_for: 'Lead', call_for_id: 1, related_to: 'Lead', related_to_id: 1, owner_id: 1, status_id: '1', caller_id: '5551234567' })}\n`,
      );
      expectExit(await c.crmSeed('import', file, '--batch', 'imported-1'), 0);
    },
    run: (c) => c.script(`return seedCalls({ db, batch: 'imported-1', calls: 10 });`),
    exit: 1,
    message: /MARKER_IN_USE: marker "imported-1" belongs to another batch \(imported from /,
    after: unchangedBut('seed_locks'),
  },
  {
    what: 'make() throwing at document 650 of 1,000: everything it wrote is taken back, one line',
    run: (c) =>
      c.script(`return seedBatch({ db, batch: 'tasks-1', batchSize: 100, collections: [{ name: 'tasks', count: 1000,
  make: ({ id, index }) => { if (index === 650) throw new Error('no title for task ' + id); return { title: 'Task ' + index }; } }] });`),
    exit: 1,
    message:
      /DATASET_FAILED: up of batch tasks-1 stopped: make\(\) of collection tasks threw at document 650: no title for task \d+; took back the \d+ tasks it had written$/m,
    after: async (c, _before, after) => {
      expect(after['tasks']).toBeUndefined();
      expect(after['seed_batches']).toBeUndefined();
      expect(await c.db.collection('tasks').countDocuments()).toBe(0);
    },
  },
  {
    what: 'make() returning a document over 16 MB: taken back, the collection and document named',
    run: (c) =>
      c.script(`return seedBatch({ db, batch: 'tasks-2', batchSize: 2, collections: [{ name: 'tasks', count: 6,
  make: ({ index }) => ({ title: index === 4 ? 'x'.repeat(17 * 1024 * 1024) : 'Task ' + index }) }] });`),
    exit: 1,
    message:
      /DATASET_FAILED: up of batch tasks-2 stopped: a document of collection tasks \(id 5\) is 17\.0 MB as a document, over the server's 16\.0 MB limit; .*took back the 4 tasks it had written/,
    after: (_c, _before, after) => {
      expect(after['tasks']).toBeUndefined();
      expect(after['seed_batches']).toBeUndefined();
    },
  },
  {
    what: 'an import file with a call over 16 MB is refused in validation, nothing written',
    setup: (c) => {
      const big = {
        subject: 'Huge',
        type: 'inbound',
        start_time: '2025-10-01T10:00:00.000Z',
        call_for: 'Lead',
        call_for_id: 1,
        related_to: 'Lead',
        related_to_id: 1,
        owner_id: 1,
        status_id: '1',
        caller_id: '5551234567',
        description: 'x'.repeat(17 * 1024 * 1024),
      };
      writeFileSync(join(c.dir, 'big.jsonl'), `${JSON.stringify(big)}\n`);
    },
    run: (c) => c.crmSeed('import', join(c.dir, 'big.jsonl'), '--batch', 'big-1'),
    exit: 2,
    message: /line 1: the call is 17\.0 MB as a document, over the server's 16\.0 MB limit/,
    after: 'unchanged',
  },
  {
    what: "make() returning its parent's id as its own: refused before anything is written",
    run: (c) =>
      c.script(`return seedBatch({ db, batch: 'tasks-3', collections: [
  { name: 'tasks', count: 5, make: ({ index }) => ({ title: 'Task ' + index }) },
  { name: 'task_notes', per: 'tasks', count: 1, parentField: 'task_id', make: ({ parent }) => ({ id: parent.id, task_id: parent.id }) }] });`),
    exit: 1,
    message:
      /DATASET_FAILED: make\(\) of collection task_notes returned id: \d+ for document 0, but the engine sets id \(to the id it allocated\); remove id from what make\(\) returns/,
    after: 'unchanged',
  },
  {
    what: 'make() setting the marker to another batch is refused the same way',
    run: (c) =>
      c.script(`return seedBatch({ db, batch: 'tasks-4', collections: [
  { name: 'tasks', count: 5, make: ({ index }) => ({ title: 'Task ' + index, seed_batch: 'someone-else' }) }] });`),
    exit: 1,
    message:
      /make\(\) of collection tasks returned seed_batch: "someone-else" for document 0, but the engine sets seed_batch/,
    after: 'unchanged',
  },
  {
    what: 'SEED_COUNTERS_COLLECTION=changelog is refused before anything is written',
    run: (c) => c.migrate('up', { SEED_COUNTERS_COLLECTION: 'changelog' }),
    exit: 1,
    message: /collection "changelog" cannot be both SEED_CHANGELOG_COLLECTION and SEED_COUNTERS_COLLECTION/,
    after: 'unchanged',
  },
  {
    what: 'SEED_COUNTERS_COLLECTION=seed_batches is refused by the CLI too (exit 2)',
    run: (c) =>
      runProcess(process.execPath, [BIN, 'stats'], {
        env: { MONGO_DB: c.db.databaseName, SEED_COUNTERS_COLLECTION: 'seed_batches' },
      }),
    exit: 2,
    message: /collection "seed_batches" cannot be both the batch registry and SEED_COUNTERS_COLLECTION/,
    after: 'unchanged',
  },
  {
    what: 'SEED_USERS_COLLECTION naming the seeded calls is refused',
    run: (c) => c.migrate('up', { SEED_USERS_COLLECTION: 'calls' }),
    exit: 1,
    message: /collection "calls" cannot be both/,
    after: 'unchanged',
  },
  {
    what: 'an app id stored as Long(2^60): up refuses, no counter created or moved',
    setup: async (c) => {
      await c.db.collection('calls').insertOne({ id: Long.fromBigInt(2n ** 60n), subject: 'big' });
      await c.db.collection('counters').insertOne({ _id: 'activity_logs' as never, seq: 7 });
    },
    run: (c) => c.migrate('up'),
    exit: 1,
    message: /"calls" holds id 1152921504606846976, beyond the whole numbers ids can safely use/,
    after: unchangedBut('seed_locks'),
  },
  {
    what: 'the app keeps numeric-string ids and their ukeys, no counter: up writes above them, no ukey twice',
    setup: async (c) => {
      await c.db
        .collection('calls')
        .insertMany(
          range(1, 10).map((i) => ({ id: String(i), ukey: `1000${i}`, tenant_id: 1, subject: 'app' })),
        );
    },
    run: (c) => c.migrate('up'),
    exit: 0,
    message: /calls +50 +ids 11\.\.60/,
    after: async (c) => {
      const ukeys = (await c.db.collection('calls').find().toArray()).map((d): unknown => d['ukey']);
      expect(new Set(ukeys).size).toBe(ukeys.length);
    },
  },
  {
    what: 'a ukey of the tenant above every id: the counter is behind it, refused with the value to set',
    setup: async (c) => {
      await c.db.collection('calls').insertMany([
        { id: 3, ukey: '10003', tenant_id: 1 },
        { id: 4, ukey: '1000700', tenant_id: 1 },
      ]);
      await c.db.collection('counters').insertOne({ _id: 'calls' as never, seq: 4 });
    },
    run: (c) => c.migrate('up'),
    exit: 1,
    message: /is behind the data: "seq" is 4 but "calls" holds ukey "1000700"; set it to at least 700/,
    after: unchangedBut('seed_locks'),
  },
];

/** Every collection as before, except the ones named (a refused run may leave an empty seed_locks). */
function unchangedBut(...names: string[]) {
  return (_c: Ctx, before: Snapshot, after: Snapshot): void => {
    const without = (s: Snapshot): Snapshot =>
      Object.fromEntries(Object.entries(s).filter(([k]) => !names.includes(k)));
    expect(without(after)).toEqual(without(before));
  };
}

describe('provenance: nothing deleted or replaced without proof of origin', () => {
  let t: TestDb;
  let dir: string;
  beforeEach(async () => {
    t = await openTestDb('provenance');
    mkdirSync(SCRATCH, { recursive: true });
    dir = mkdtempSync(join(SCRATCH, 'provenance-'));
    writeFileSync(
      join(dir, SEED_FILE),
      "import { defineCallSeed } from 'crm-calls-seed';\n\nexport = defineCallSeed(__filename, { calls: 50 });\n",
    );
  });
  afterEach(async () => {
    await t.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test.each(ROWS.map((row) => [row.what, row] as const))(
    '%s',
    async (_what, row) => {
      const env = { MONGO_DB: t.name };
      const c: Ctx = {
        db: t.db,
        dir,
        migrate: (command, extra = {}) =>
          runMigrate([command, '--migrations-dir', relative(ROOT, dir)], { env: { ...env, ...extra } }),
        migrateWith: (config, command) => {
          const file = join(dir, `config-${config.changelog}.js`);
          writeFileSync(file, hostConfig(dir, t.name, config));
          return runMigrate([command, '-f', file], { env, cwd: ROOT });
        },
        crmSeed: (...args) => runProcess(process.execPath, [BIN, ...args], { env }),
        script: (body) => {
          const file = join(dir, `script-${Date.now()}.js`);
          writeFileSync(file, scriptSource(body));
          return runProcess(process.execPath, [file], { env });
        },
      };
      await row.setup?.(c);
      const before = await snapshot(t.db);
      const result = await row.run(c);
      const output = `${result.stdout}\n${result.stderr}`;
      expect({ exit: result.code, output }).toEqual({
        exit: row.exit,
        output: expect.stringMatching(row.message) as unknown,
      });
      const after = await snapshot(t.db);
      if (row.after === 'unchanged') expect(after).toEqual(before);
      else await row.after(c, before, after);
    },
    180_000,
  );
});

/** A host's own migrate-mongo config: another changelog, useFileHash, the scratch folder's seed files. */
function hostConfig(dir: string, dbName: string, config: HostConfigOptions): string {
  return `require('ts-node').register({ transpileOnly: true, project: ${JSON.stringify(join(ROOT, 'tsconfig.json'))} });
module.exports = {
  mongodb: { url: process.env.MONGO_URL, databaseName: ${JSON.stringify(dbName)}, options: {} },
  migrationsDir: ${JSON.stringify(dir)},
  changelogCollectionName: ${JSON.stringify(config.changelog)},
  lockCollectionName: 'changelog_lock',
  lockTtl: 0,
  migrationFileExtension: '.ts',
  useFileHash: ${config.useFileHash === true},
  moduleSystem: 'commonjs',
};
`;
}

/** A bootstrap script: prints what `body` returns as JSON, or the error's code and message, exit 1. */
function scriptSource(body: string): string {
  return `const { MongoClient } = require('mongodb');
const { seedCalls, seedBatch, removeSeedBatch } = require('crm-calls-seed');
(async () => {
  const client = await MongoClient.connect(process.env.MONGO_URL);
  const db = client.db(process.env.MONGO_DB);
  try {
    const result = await (async () => {
${body}
    })();
    console.log(JSON.stringify(result));
  } catch (err) {
    console.log(err.code + ': ' + err.message);
    process.exitCode = 1;
  } finally {
    await client.close();
  }
})();
`;
}

function expectExit(result: ProcessResult, code: number): void {
  if (result.code !== code) {
    throw new Error(`expected exit ${code}, got ${String(result.code)}:\n${result.stdout}\n${result.stderr}`);
  }
}

/** Every non-empty collection, sorted by _id. */
async function snapshot(db: Db): Promise<Snapshot> {
  const all = await snapshotDatabase(db);
  return Object.fromEntries(Object.entries(all).filter(([, docs]) => docs.length > 0));
}
