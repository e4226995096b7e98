import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Db } from 'mongodb';
import { ROOT, runMigrate, runProcess } from '../support/run-process';
import type { ProcessResult } from '../support/run-process';
import { openTestDb, snapshotDatabase } from '../support/test-db';
import type { TestDb } from '../support/test-db';
import { addForeignData } from './support/fault-data';

/**
 * The hostile-state table: the state the seed relies on (its lock, the counters, the
 * changelog, the markers, the seed files, the registry, the ids) set up by hand in the real
 * server, then the real command. Each row: exit code, the message, and every collection
 * before and after: nothing of the app's lost, nothing duplicated, nothing deleted that the
 * seed did not provably write.
 */

const BIN = join(ROOT, 'bin', 'crm-seed.js');
const SEED = '20251010000000-calls-50';
const SEED_FILE = `${SEED}.ts`;
const CALLS = 50;
// Seed files must sit inside the repository: they import the library by its package name.
const SCRATCH = join(ROOT, 'tmp');

type Snapshot = Record<string, unknown[]>;

interface Ctx {
  readonly db: Db;
  readonly dir: string;
  migrate(command: string): Promise<ProcessResult>;
  crmSeed(...args: string[]): Promise<ProcessResult>;
  /** Documents of the seed's batch in a collection. */
  marked(collection: string): Promise<Record<string, unknown>[]>;
  /** Runs after the row, passed or failed. */
  onCleanup(stop: () => void): void;
}

interface Row {
  readonly what: string;
  readonly setup?: (c: Ctx) => Promise<void>;
  readonly run: (c: Ctx) => Promise<ProcessResult>;
  readonly exit: number;
  readonly message: RegExp;
  /** 'unchanged': every collection as before; otherwise the row's own check of before and after. */
  readonly after: 'unchanged' | ((c: Ctx, before: Snapshot, after: Snapshot) => Promise<void> | void);
}

const up = async (c: Ctx): Promise<void> => expectExit(await c.migrate('up'), 0);

const hostileLock = (fields: Record<string, unknown>) => async (c: Ctx) => {
  await c.db.collection('seed_locks').insertOne({ _id: 'crm-seed' as never, ...fields });
};

const setCounter = async (c: Ctx, sequence: string, seq: unknown): Promise<void> => {
  await c.db.collection('counters').updateOne({ _id: sequence as never }, { $set: { seq } });
};

const validLock = (heartbeatAt: Date): Record<string, unknown> => ({
  token: 'other-token',
  host: 'another-host',
  pid: 4242,
  command: 'up',
  batch: 'x',
  acquiredAt: heartbeatAt,
  heartbeatAt,
});

/** A batch registered by an import (or a script) under the seed file's marker, as older versions allowed. */
const foreignBatchUnderSeedMarker =
  (seedFile: string | undefined) =>
  async (c: Ctx): Promise<void> => {
    await c.db
      .collection('calls')
      .insertMany(
        Array.from({ length: 10 }, (_, i) => ({ id: 9001 + i, ukey: `1000${9001 + i}`, seed_batch: SEED })),
      );
    await c.db.collection('seed_batches').insertOne({
      _id: SEED as never,
      state: 'complete',
      collections: [{ name: 'calls', count: 10, ids: 'counter', first: 9001, last: 9010 }],
      ...(seedFile ? { seedFile } : {}),
      startedAt: new Date(),
      finishedAt: new Date(),
      toolVersion: 'older',
      host: 'h',
      pid: 1,
      runId: 'import-run',
    });
  };

const ROWS: Row[] = [
  {
    what: 'cleanup --last 1 after a seeded call got the string id "25"',
    setup: async (c) => {
      await up(c);
      await c.db.collection('calls').updateOne({ seed_batch: SEED, id: 1 + 22 + 24 }, { $set: { id: '25' } });
    },
    run: (c) => c.crmSeed('cleanup', '--last', '1', '--yes'),
    exit: 0,
    message:
      /^(?=[\s\S]*Deleted 1 call and 1 activity log\.)(?=[\s\S]*Not selected: 2 calls carrying a seed marker)/,
    after: async (c) => {
      expect((await c.marked('calls')).length).toBe(CALLS - 1);
      expect((await c.marked('activity_logs')).length).toBe(CALLS - 1);
      expect((await c.marked('calls')).some((d) => d['id'] === '25')).toBe(true);
      expect((await c.marked('calls')).some((d) => d['id'] === 22 + CALLS)).toBe(false);
    },
  },
  {
    what: 'cleanup --last 3 with a string id among the seeded calls selects 3',
    setup: async (c) => {
      await up(c);
      await c.db.collection('calls').updateOne({ seed_batch: SEED, id: 30 }, { $set: { id: '30' } });
    },
    run: (c) => c.crmSeed('cleanup', '--last', '3', '--yes'),
    exit: 0,
    message: /Deleted 3 calls and 3 activity logs/,
    after: async (c) => {
      const ids = (await c.marked('calls')).map((d) => d['id']);
      expect(ids).toHaveLength(CALLS - 3);
      for (const gone of [70, 71, 72]) expect(ids).not.toContain(gone);
    },
  },
  {
    what: 'cleanup --ids over a range holding a foreign call given a marker',
    setup: async (c) => {
      await up(c);
      await c.db.collection('calls').insertOne({ id: 40.5, subject: 'app', seed_batch: 'made-up-batch' });
    },
    run: (c) => c.crmSeed('cleanup', '--ids', '23-72', '--yes'),
    exit: 0,
    message:
      /^(?=[\s\S]*Deleted 50 calls and 50 activity logs\.)(?=[\s\S]*Not selected: 2 calls carrying a seed marker)/,
    after: async (c) => {
      expect(await c.marked('calls')).toEqual([]);
      expect(await c.db.collection('calls').countDocuments({ seed_batch: 'made-up-batch' })).toBe(1);
    },
  },
  {
    what: "import under a seed file's marker",
    setup: (c) => {
      writeFileSync(join(c.dir, 'g.jsonl'), '{"subject":"x","type":"inbound","duration":5}\n');
      return Promise.resolve();
    },
    run: (c) => c.crmSeed('import', relative(ROOT, join(c.dir, 'g.jsonl')), '--batch', SEED),
    exit: 2,
    message: /--batch: marker "20251010000000-calls-50" has the form of a seed file's marker/,
    after: 'unchanged',
  },
  {
    what: "down with an imported batch under an unapplied seed file's marker leaves it",
    setup: foreignBatchUnderSeedMarker('g.jsonl'),
    run: (c) => c.migrate('down'),
    exit: 0,
    message: /left batch 20251010000000-calls-50 in place: imported from g\.jsonl/,
    after: 'unchanged',
  },
  {
    what: 'up of a seed file whose marker an imported batch uses is refused',
    setup: foreignBatchUnderSeedMarker('g.jsonl'),
    run: (c) => c.migrate('up'),
    exit: 1,
    message: /marker "20251010000000-calls-50" belongs to another batch \(imported from g\.jsonl/,
    after: 'unchanged',
  },
  {
    what: "down with a script's batch under an unapplied seed file's marker leaves it",
    setup: foreignBatchUnderSeedMarker(undefined),
    run: (c) => c.migrate('down'),
    exit: 0,
    message: /left batch 20251010000000-calls-50 in place: written by a script/,
    after: 'unchanged',
  },
  {
    what: 'up after the applied seed file was renamed is refused',
    setup: async (c) => {
      await up(c);
      renameSync(join(c.dir, SEED_FILE), join(c.dir, '20251011000000-calls-50-renamed.ts'));
    },
    run: (c) => c.migrate('up'),
    exit: 1,
    message:
      /seed file 20251010000000-calls-50\.ts is applied \(batch 20251010000000-calls-50, 100 documents\) but is no longer in .*: restore it .* crm-seed cleanup --batch 20251010000000-calls-50/,
    after: 'unchanged',
  },
  {
    what: 'down after the applied seed file was renamed is refused',
    setup: async (c) => {
      await up(c);
      renameSync(join(c.dir, SEED_FILE), join(c.dir, '20251011000000-calls-50-renamed.ts'));
    },
    run: (c) => c.migrate('down'),
    exit: 1,
    message: /seed file 20251010000000-calls-50\.ts is applied .* no longer in/,
    after: 'unchanged',
  },
  {
    what: 'status after the applied seed file was deleted reports it',
    setup: async (c) => {
      await up(c);
      rmSync(join(c.dir, SEED_FILE));
    },
    run: (c) => c.migrate('status'),
    exit: 0,
    message: /seed file 20251010000000-calls-50\.ts is applied .* no longer in/,
    after: 'unchanged',
  },
  {
    what: 'a seed lock with missing fields',
    setup: hostileLock({ host: 'somewhere' }),
    run: (c) => c.migrate('up'),
    exit: 1,
    message: /the seed lock in seed_locks is malformed \(token: .*\).*crm-seed unlock/,
    after: 'unchanged',
  },
  {
    what: 'a seed lock whose heartbeatAt is not a date',
    setup: hostileLock({ ...validLock(new Date()), heartbeatAt: 'yesterday' }),
    run: (c) => c.migrate('up'),
    exit: 1,
    message: /the seed lock in seed_locks is malformed \(heartbeatAt: .*crm-seed unlock/,
    after: 'unchanged',
  },
  {
    what: "a seed lock dated an hour ahead of the server's clock",
    setup: hostileLock(validLock(new Date(Date.now() + 3_600_000))),
    run: (c) => c.migrate('up'),
    exit: 1,
    message: /heartbeat .* is 3[56]\d\d s ahead of the server's clock .*crm-seed unlock/,
    after: 'unchanged',
  },
  {
    what: 'crm-seed unlock removes a malformed lock, and up then runs',
    setup: hostileLock({ heartbeatAt: 'never' }),
    run: (c) => c.crmSeed('unlock'),
    exit: 0,
    message: /removed a malformed seed lock/,
    after: async (c, _before, after) => {
      expect(after['seed_locks'] ?? []).toEqual([]);
      await up(c);
      expect(await c.marked('calls')).toHaveLength(CALLS);
    },
  },
  {
    what: 'crm-seed unlock keeps a lock that a live run renews',
    setup: async (c) => {
      await hostileLock(validLock(new Date()))(c);
      // Another host's run, renewing its heartbeat every second as a holder does.
      const beat = setInterval(() => {
        void c.db
          .collection('seed_locks')
          .updateOne({ _id: 'crm-seed' as never }, { $currentDate: { heartbeatAt: true } })
          .catch(() => undefined);
      }, 1000);
      c.onCleanup(() => clearInterval(beat));
    },
    run: (c) => c.crmSeed('unlock'),
    exit: 4,
    message: /the seed lock changed while watched: a run is renewing it/,
    after: async (c) => {
      expect(await c.db.collection('seed_locks').findOne({ _id: 'crm-seed' as never })).toMatchObject({
        token: 'other-token',
        host: 'another-host',
      });
    },
  },
  {
    what: 'a counter at -100',
    setup: async (c) => {
      await setCounter(c, 'calls', -100);
    },
    run: (c) => c.migrate('up'),
    exit: 1,
    message: /counter counters \{_id: "calls"\} has "seq": -100, not a whole number >= 0/,
    after: 'unchanged',
  },
  {
    what: 'a counter holding a string',
    setup: async (c) => {
      await setCounter(c, 'calls', '300');
    },
    run: (c) => c.migrate('up'),
    exit: 1,
    message: /has "seq": "300", not a whole number/,
    after: 'unchanged',
  },
  {
    what: "a counter behind the app's ids is refused, and stays as it was on a retry",
    setup: async (c) => {
      await setCounter(c, 'calls', 10);
      await c.db.collection('calls').insertOne({ id: 600, subject: 'app call' });
    },
    run: (c) => c.migrate('up'),
    exit: 1,
    message:
      /counter counters \{_id: "calls"\} is behind the data: "seq" is 10 but "calls" holds id 600; set it to at least 600/,
    after: async (c, before, after) => {
      expect(after).toEqual(before);
      const retry = await c.migrate('up');
      expect(retry.code).toBe(1);
      expect(await c.db.collection('counters').findOne({ _id: 'calls' as never })).toMatchObject({ seq: 10 });
    },
  },
  {
    what: 'one bad counter of two: neither is moved',
    setup: async (c) => {
      await setCounter(c, 'calls', 30);
      await setCounter(c, 'activity_logs', 1.5);
    },
    run: (c) => c.migrate('up'),
    exit: 1,
    message: /counter counters \{_id: "activity_logs"\} has "seq": 1.5/,
    after: 'unchanged',
  },
  {
    what: 'no counter and an app call with id 1000.5: ids start above it',
    setup: async (c) => {
      await c.db.collection('counters').deleteOne({ _id: 'calls' as never });
      await c.db.collection('calls').insertOne({ id: 1000.5, subject: 'app call' });
    },
    run: (c) => c.migrate('up'),
    exit: 0,
    message: /MIGRATED UP: 20251010000000-calls-50\.ts/,
    after: async (c) => {
      const ids = (await c.marked('calls')).map((d) => d['id'] as number).sort((a, b) => a - b);
      expect(ids[0]).toBe(1002);
      expect(ids).toHaveLength(CALLS);
      expect(await c.db.collection('counters').findOne({ _id: 'calls' as never })).toMatchObject({
        seq: 1051,
      });
    },
  },
  {
    what: 'a malformed registry entry',
    setup: async (c) => {
      await up(c);
      await c.db
        .collection('seed_batches')
        .updateOne({ _id: SEED as never }, { $set: { collections: 'all' } });
    },
    run: (c) => c.migrate('down'),
    exit: 1,
    message:
      /seed_batches entry "20251010000000-calls-50" is malformed \(collections: .*crm-seed cleanup --batch/,
    after: 'unchanged',
  },
  {
    what: 'a registry entry whose id range was widened by hand over app data',
    setup: async (c) => {
      await up(c);
      await c.db
        .collection('seed_batches')
        .updateOne({ _id: SEED as never }, { $set: { 'collections.0.first': 'one' } });
    },
    run: (c) => c.migrate('down'),
    exit: 1,
    message: /seed_batches entry .* is malformed \(collections\.0\.first/,
    after: 'unchanged',
  },
  {
    what: "an app call given the seed's marker, a seeded call deleted by hand: down takes only the batch's own",
    setup: async (c) => {
      await up(c);
      await c.db.collection('calls').updateOne({ id: 5 }, { $set: { seed_batch: SEED } });
      await c.db.collection('calls').deleteOne({ seed_batch: SEED, id: 40 });
    },
    run: (c) => c.migrate('down'),
    exit: 0,
    message: /left 1 calls that carry the marker "20251010000000-calls-50" but were not written by its run/,
    after: async (c, before, after) => {
      expect(await c.marked('calls')).toEqual([expect.objectContaining({ id: 5, subject: 'Real call 5' })]);
      expect(await c.marked('activity_logs')).toEqual([]);
      expect(after['leads']).toEqual(before['leads']);
    },
  },
  {
    what: 'a seeded call whose marker was changed to a number stays',
    setup: async (c) => {
      await up(c);
      await c.db.collection('calls').updateOne({ seed_batch: SEED, id: 50 }, { $set: { seed_batch: 7 } });
    },
    run: (c) => c.migrate('down'),
    exit: 0,
    message: /MIGRATED DOWN: 20251010000000-calls-50\.ts/,
    after: async (c) => {
      expect(await c.marked('calls')).toEqual([]);
      expect(await c.db.collection('calls').countDocuments({ seed_batch: 7 })).toBe(1);
    },
  },
  {
    what: 'the registry entry of an applied seed deleted by hand: down refuses, nothing proves what is ours',
    setup: async (c) => {
      await up(c);
      await c.db.collection('seed_batches').deleteOne({ _id: SEED as never });
    },
    run: (c) => c.migrate('down'),
    exit: 1,
    message:
      /batch 20251010000000-calls-50: 50 calls, 50 activity_logs carry its marker, but its registry entry is missing, .*nothing was removed/,
    after: async (c, before, after) => {
      expect(await c.marked('calls')).toHaveLength(CALLS);
      expect(after['leads']).toEqual(before['leads']);
      expect(after['changelog']).toEqual(before['changelog']);
    },
  },
  {
    what: 'the registry entry deleted by hand: crm-seed cleanup --batch finds the batch by its marker',
    setup: async (c) => {
      await up(c);
      await c.db.collection('seed_batches').deleteOne({ _id: SEED as never });
    },
    run: (c) => c.crmSeed('cleanup', '--batch', SEED, '--yes'),
    exit: 0,
    message: /not proven to be its[\s\S]*Deleted 50 activity logs and 50 calls/,
    after: async (c, before, after) => {
      expect(await c.marked('calls')).toEqual([]);
      expect(await c.marked('activity_logs')).toEqual([]);
      expect((after['calls'] ?? []).length).toBe(22);
      expect(after['leads']).toEqual(before['leads']);
    },
  },
  {
    what: 'a changelog entry without a file name',
    setup: async (c) => {
      await c.db.collection('changelog').insertOne({ appliedAt: new Date() });
    },
    run: (c) => c.migrate('up'),
    exit: 1,
    message: /changelog entry .* has no file name .*fix or delete that entry/,
    after: 'unchanged',
  },
  {
    what: 'a foreign document in seed_locks under another _id is not ours and changes nothing',
    setup: async (c) => {
      await c.db.collection('seed_locks').insertOne({ _id: 'another-tool' as never, heartbeatAt: 'x' });
    },
    run: (c) => c.migrate('up'),
    exit: 0,
    message: /MIGRATED UP/,
    after: async (c, before, after) => {
      // The seed's own lock waits there for the changelog entry (its hand-over); the other stays as it was.
      const others = (docs: unknown[] | undefined) =>
        (docs ?? []).filter((d) => (d as { _id: unknown })._id !== 'crm-seed');
      expect(others(after['seed_locks'])).toEqual(before['seed_locks']);
      expect(await c.marked('calls')).toHaveLength(CALLS);
    },
  },
];

describe('hostile state: the seed meets hand-edited, foreign and malformed state', () => {
  let t: TestDb;
  let dir: string;
  const cleanups: (() => void)[] = [];
  beforeEach(async () => {
    t = await openTestDb('hostile');
    await addForeignData(t.db);
    // The registry's one legacy scan is recorded, so no row sees it written.
    await t.db.collection('seed_batches').insertOne({ _id: '#legacy-scan' as never, at: new Date() });
    mkdirSync(SCRATCH, { recursive: true });
    dir = mkdtempSync(join(SCRATCH, 'hostile-'));
    writeFileSync(
      join(dir, SEED_FILE),
      "import { defineCallSeed } from 'crm-calls-seed';\n\nexport = defineCallSeed(__filename, { calls: 50 });\n",
    );
  });
  afterEach(async () => {
    for (const stop of cleanups.splice(0)) stop();
    await t.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test.each(ROWS.map((row) => [row.what, row] as const))(
    '%s',
    async (_what, row) => {
      const env = { MONGO_DB: t.name, SEED_USER_ID: '3' };
      const c: Ctx = {
        db: t.db,
        dir,
        migrate: (command) => runMigrate([command, '--migrations-dir', relative(ROOT, dir)], { env }),
        crmSeed: (...args) => runProcess(process.execPath, [BIN, ...args], { env }),
        onCleanup: (stop) => cleanups.push(stop),
        marked: (collection) =>
          t.db.collection(collection).find({ seed_batch: SEED }).sort({ id: 1 }).toArray(),
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
    120_000,
  );
});

function expectExit(result: ProcessResult, code: number): void {
  if (result.code !== code) {
    throw new Error(`expected exit ${code}, got ${String(result.code)}:\n${result.stdout}\n${result.stderr}`);
  }
}

/** Every non-empty collection, sorted by _id (a refused run may leave an empty seed_locks behind). */
async function snapshot(db: Db): Promise<Snapshot> {
  const all = await snapshotDatabase(db);
  return Object.fromEntries(Object.entries(all).filter(([, docs]) => docs.length > 0));
}
