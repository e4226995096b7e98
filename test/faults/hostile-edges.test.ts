import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { parse } from 'csv-parse/sync';
import { BIN } from '../cli/support/cli';
import { ROOT, runMigrate, runProcess } from '../support/run-process';
import { untilSteady } from '../support/settle';
import type { ProcessResult } from '../support/run-process';
import { openTestDb, serverUrl, snapshotDatabase } from '../support/test-db';
import type { TestDb } from '../support/test-db';
import { addForeignData, BATCH, batchCounts, foreignSnapshot } from './support/fault-data';
import { startBlackholeProxy } from './support/blackhole-proxy';
import type { BlackholeProxy } from './support/blackhole-proxy';
import { killStartedProcesses, startMigrate, withoutPauseMarkers } from './support/seed-process';
import {
  clientOptions,
  lifecycleEmitter,
  OPERATION_TIMEOUT_MS,
  runGuarded,
  silentLogger,
  socketTimeoutOf,
} from 'crm-calls-seed/internal';

/**
 * The edges around the database, tried hostile (issue 27): output files (planted links,
 * devices made by mknod in a temporary folder, folders, two runs at once), half-open
 * connections (a TCP proxy that blackholes the request in flight), two repositories sharing
 * one changelog, impossible reference dates, spreadsheet formulas in CSV cells, and the
 * smaller findings. Each row runs the real command and checks its exit code, its whole
 * output, and every file or collection it could have touched. Seeds are small (tens to a
 * few thousand documents). No row touches a system path: device nodes are made in a
 * temporary folder.
 */

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const made: string[] = [];
const scratch = (prefix: string, under = tmpdir()): string => {
  mkdirSync(under, { recursive: true });
  const dir = mkdtempSync(join(under, prefix));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
afterEach(killStartedProcesses);

/** The start of a `delete` command on a collection, as its BSON carries it: `delete: "<name>"`. */
function deleteCommandOn(collection: string): Buffer {
  const length = Buffer.alloc(4);
  length.writeInt32LE(collection.length + 1);
  return Buffer.concat([Buffer.from('\x02delete\x00', 'latin1'), length, Buffer.from(`${collection}\x00`)]);
}

const crmSeed = (cwd: string, args: readonly string[], env: Record<string, string | undefined> = {}) =>
  runProcess(process.execPath, [BIN, ...args], { cwd, env });

/** The whole of stderr is one line matching `line`. */
function expectOneLine(result: ProcessResult, code: number, line: RegExp): void {
  expect({ code: result.code, stderr: result.stderr }).toEqual({
    code,
    stderr: expect.stringMatching(new RegExp(`^${line.source} ?\\n$`)) as unknown,
  });
}

/** What a folder holds: names, kinds, link targets and file contents. */
function folderState(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const st = lstatSync(path);
    out[name] = st.isSymbolicLink()
      ? `link -> ${readlinkSync(path)}`
      : st.isFile()
        ? `file ${createHash('sha256').update(readFileSync(path)).digest('hex')}`
        : st.isCharacterDevice()
          ? `char ${st.rdev}`
          : st.isFIFO()
            ? 'fifo'
            : st.isDirectory()
              ? 'dir'
              : 'other';
  }
  return out;
}

const jsonLines = (path: string): Record<string, unknown>[] =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

// --- 1-3. Output files ------------------------------------------------------------------

describe('output files are written safely (generate)', () => {
  test('1. a planted calls.jsonl.partial link is never written through, nor a logs.jsonl.partial of the user', async () => {
    const dir = scratch('edges-plant-');
    const victim = join(scratch('edges-victim-'), 'victim.txt');
    writeFileSync(victim, 'the victim\n');
    symlinkSync(victim, join(dir, 'calls.jsonl.partial'));
    writeFileSync(join(dir, 'logs.jsonl.partial'), "the user's own\n");
    const before = folderState(dir);
    const result = await crmSeed(dir, [
      'generate',
      '--calls',
      '3',
      '--out',
      'calls.jsonl',
      '--logs-out',
      'logs.jsonl',
    ]);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(readFileSync(victim, 'utf8')).toBe('the victim\n');
    const after = folderState(dir);
    expect(after['calls.jsonl.partial']).toBe(before['calls.jsonl.partial']);
    expect(after['logs.jsonl.partial']).toBe(before['logs.jsonl.partial']);
    expect(lstatSync(join(dir, 'calls.jsonl')).isFile()).toBe(true);
    expect(jsonLines(join(dir, 'calls.jsonl')).map((c) => c['id'])).toEqual([1, 2, 3]);
    expect(jsonLines(join(dir, 'logs.jsonl'))).toHaveLength(3);
    expect(Object.keys(after).sort()).toEqual([
      'calls.jsonl',
      'calls.jsonl.partial',
      'logs.jsonl',
      'logs.jsonl.partial',
    ]);
  });

  const refusals: [string, (dir: string) => string, RegExp][] = [
    [
      'a character device (mknod c 1 3, as /dev/null), with --force',
      (dir) => (execFileSync('mknod', [join(dir, 'null'), 'c', '1', '3']), 'null'),
      /crm-seed: cannot write null: it is a character device, not a regular file; --force replaces only a regular file: name a file \(or - for standard output\)/,
    ],
    [
      'a named pipe, with --force',
      (dir) => (execFileSync('mkfifo', [join(dir, 'pipe.jsonl')]), 'pipe.jsonl'),
      /crm-seed: cannot write pipe\.jsonl: it is a named pipe, not a regular file; .*/,
    ],
    [
      'a link to a regular file, with --force',
      (dir) => {
        writeFileSync(join(dir, 'target.jsonl'), 'kept\n');
        symlinkSync('target.jsonl', join(dir, 'link.jsonl'));
        return 'link.jsonl';
      },
      /crm-seed: cannot write link\.jsonl: it is a symbolic link \(to target\.jsonl\), not a regular file; output never goes through a link, and --force replaces only a regular file: name the file itself \(or - for standard output\)/,
    ],
    [
      'a dangling link, with --force',
      (dir) => (symlinkSync(join(dir, 'nowhere.jsonl'), join(dir, 'dangling.jsonl')), 'dangling.jsonl'),
      /crm-seed: cannot write dangling\.jsonl: it is a symbolic link \(to .*nowhere\.jsonl\), not a regular file; .*/,
    ],
    [
      'a folder, with --force',
      (dir) => (mkdirSync(join(dir, 'folder.jsonl')), 'folder.jsonl'),
      /crm-seed: cannot write folder\.jsonl: it is a directory, not a regular file; .*/,
    ],
  ];
  test.each(refusals)(
    '2. %s: refused in one line, exit 2, nothing written or replaced',
    async (_what, setup, line) => {
      const dir = scratch('edges-refuse-');
      const out = setup(dir);
      const before = folderState(dir);
      const result = await crmSeed(dir, [
        'generate',
        '--calls',
        '3',
        '--out',
        out,
        '--format',
        'jsonl',
        '--force',
      ]);
      expectOneLine(result, 2, line);
      expect(result.stdout).toBe('');
      expect(folderState(dir)).toEqual(before);
    },
  );

  test('2. --out - and --out /dev/stdout write standard output in place; the summary goes to stderr', async () => {
    const dir = scratch('edges-stdout-');
    for (const out of ['-', '/dev/stdout']) {
      const result = await crmSeed(dir, ['generate', '--calls', '4', '--out', out, '--format', 'jsonl']);
      expect(result.code).toBe(0);
      const calls = result.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(calls.map((c) => c['id'])).toEqual([1, 2, 3, 4]);
      expect(result.stderr).toContain('calls          4 -> standard output (jsonl)');
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  test.each([
    ['with --force, over an existing file', true],
    ['without --force, the file new', false],
  ])(
    '3. two runs to one output at once (%s): one fails in one line, the file left is whole and valid',
    async (_what, force) => {
      const dir = scratch('edges-race-');
      if (force) writeFileSync(join(dir, 'c.jsonl'), 'old\n');
      const CALLS = 20_000;
      const args = (seed: string) => [
        'generate',
        '--calls',
        String(CALLS),
        '--out',
        'c.jsonl',
        '--seed',
        seed,
        '--ref-date',
        '2025-10-10T12:00:00Z',
        '-q',
        ...(force ? ['--force'] : []),
      ];
      const [a, b] = await Promise.all([crmSeed(dir, args('1')), crmSeed(dir, args('2'))]);
      const codes = [a.code, b.code].sort();
      expect(codes).toEqual([0, 2]);
      const loser = a.code === 2 ? a : b;
      expectOneLine(
        loser,
        2,
        /crm-seed: cannot write c\.jsonl: (it was replaced or changed|a (regular )?file( of that name)? appeared( at that name)?) while this run wrote it \(another run writing the same file\?\); this run's output was discarded and c\.jsonl left as it is/,
      );
      const calls = jsonLines(join(dir, 'c.jsonl'));
      expect(calls).toHaveLength(CALLS);
      expect(new Set(calls.map((c) => c['id'])).size).toBe(CALLS);
      // Exactly the winner's output: the run of that seed, alone, writes the same bytes.
      const winnerSeed = a.code === 0 ? '1' : '2';
      const alone = scratch('edges-alone-');
      expect((await crmSeed(alone, args(winnerSeed))).code).toBe(0);
      expect(readFileSync(join(dir, 'c.jsonl'), 'utf8')).toBe(readFileSync(join(alone, 'c.jsonl'), 'utf8'));
      expect(readdirSync(dir)).toEqual(['c.jsonl']);
    },
  );
});

// --- 6. Dates, 7. CSV, 8a help: no database -----------------------------------------------

describe('dates inside what the CRM can store', () => {
  const refused: [string, string[], Record<string, string>, number, RegExp][] = [
    [
      'SEED_REF_DATE=9999-12-31T23:59:59Z (generate)',
      ['generate', '--calls', '50', '--dry-run'],
      { SEED_REF_DATE: '9999-12-31T23:59:59Z' },
      2,
      /crm-seed: SEED_REF_DATE \(--ref-date\) 9999-12-31T23:59:59\.000Z with the calls' window .* would generate times as late as \+010000-.*; every generated time must lie in 1970-01-01T00:00:00\.000Z \.\. 9999-12-31T23:59:59\.999Z .*: with SEED_DAYS 30, SEED_REF_DATE must be from 1970-02-07T00:00:00\.000Z to 9999-12-24T23:59:59\.999Z/,
    ],
    [
      'SEED_REF_DATE=0001-01-01 (generate)',
      ['generate', '--calls', '50', '--dry-run'],
      { SEED_REF_DATE: '0001-01-01' },
      2,
      /crm-seed: SEED_REF_DATE must be an ISO date such as 2025-10-10 or 2025-10-10T14:30:00Z, from 1970 to 9999 \(got "0001-01-01": outside 1970-01-01T00:00:00\.000Z \.\. 9999-12-31T23:59:59\.999Z\)/,
    ],
    [
      '--days 3650 --ref-date 1975-06-01: the window reaches before 1970',
      ['generate', '--calls', '50', '--dry-run', '--days', '3650', '--ref-date', '1975-06-01'],
      {},
      2,
      /crm-seed: SEED_REF_DATE \(--ref-date\) 1975-06-01T00:00:00\.000Z .* as early as 19(6\d)-.*: with SEED_DAYS 3650, SEED_REF_DATE must be from 1980-01-\d\dT00:00:00\.000Z to 9999-12-24T23:59:59\.999Z/,
    ],
    [
      '--from 1970-01-03 --to 1970-02-01: creation times before 1970',
      [
        'generate',
        '--calls',
        '50',
        '--dry-run',
        '--from',
        '1970-01-03',
        '--to',
        '1970-02-01',
        '--ref-date',
        '1970-03-01',
      ],
      {},
      2,
      /crm-seed: the calls' window SEED_FROM \(--from\) \.\. SEED_TO \(--to\) .* as early as 1969-12-27T00:00:00\.000Z; .*SEED_FROM, SEED_TO and SEED_REF_DATE must lie from 1970-01-08T00:00:00\.000Z to 9999-12-31.*/,
    ],
    [
      '--to +010000-01-01 (an extended year)',
      ['generate', '--calls', '50', '--dry-run', '--from', '2025-01-01', '--to', '+010000-01-01'],
      {},
      2,
      /crm-seed: --to must be an ISO date .* from 1970 to 9999 \(got "\+010000-01-01": outside 1970-01-01T00:00:00\.000Z \.\. 9999-12-31T23:59:59\.999Z\)/,
    ],
    [
      'the tasks dataset: --ref-date 9999-12-20 (due dates up to 21 days after)',
      ['generate', '--dataset', 'crm-tasks', '--dry-run', '--ref-date', '9999-12-20'],
      {},
      2,
      /crm-seed: SEED_REF_DATE \(--ref-date\) 9999-12-20T00:00:00\.000Z with the tasks' .* as late as \+010000-.*: with SEED_DAYS 30, SEED_REF_DATE must be from 1970-01-31T00:00:00\.000Z to 9999-12-10T23:59:59\.999Z/,
    ],
  ];
  test.each(refused)(
    '6. %s: one line naming the allowed range, nothing written',
    async (_w, args, env, code, line) => {
      const dir = scratch('edges-date-');
      const result = await crmSeed(dir, args, env);
      expectOneLine(result, code, line);
      expect(result.stdout).toBe('');
      expect(readdirSync(dir)).toEqual([]);
    },
  );

  test('6. as the issue ran it: SEED_REF_DATE=9999-12-31T23:59:59Z npx migrate-mongo up: one line, exit 1, nothing written', async () => {
    const t = await openTestDb('edges_dates');
    try {
      await addForeignData(t.db);
      const before = await snapshotDatabase(t.db);
      const up = await runMigrate(['up'], {
        env: { MONGO_DB: t.name, SEED_CALLS: '50', SEED_REF_DATE: '9999-12-31T23:59:59Z' },
      });
      expectOneLine(
        up,
        1,
        /ERROR: Could not migrate up 20251010000000-calls-500\.ts: SEED_REF_DATE \(--ref-date\) 9999-12-31T23:59:59\.000Z with the calls' window .*: with SEED_DAYS 30, SEED_REF_DATE must be from 1970-02-07T00:00:00\.000Z to 9999-12-24T23:59:59\.999Z/,
      );
      expect(await snapshotDatabase(t.db)).toEqual(before);
    } finally {
      await t.drop();
    }
  });

  test('6. at the edges of the allowed range every generated time is a plain YYYY-MM-DDTHH:mm:ss.sssZ', async () => {
    const dir = scratch('edges-date-ok-');
    for (const [ref, days] of [
      ['9999-12-24T23:59:59.999Z', '30'],
      ['1970-02-07T00:00:00Z', '30'],
      ['1980-01-08', '3650'],
    ] as const) {
      const result = await crmSeed(dir, [
        'generate',
        '--calls',
        '2000',
        '--out',
        '-',
        '--ref-date',
        ref,
        '--days',
        days,
        '-q',
      ]);
      expect(result.code).toBe(0);
      const times = result.stdout
        .trim()
        .split('\n')
        .flatMap((l) => {
          const c = JSON.parse(l) as Record<string, string>;
          return [c['start_time'], c['createdon'], c['updatedon']];
        });
      for (const time of times) expect(time).toMatch(ISO);
      const ms = times.map((x) => Date.parse(x!));
      expect(Math.min(...ms)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...ms)).toBeLessThanOrEqual(Date.UTC(9999, 11, 31, 23, 59, 59, 999));
    }
  });
});

describe('7. CSV cells neutralised, and restored by import', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb('edges_csv');
  });
  afterAll(async () => t.drop());

  test("formula cells get a leading ', every CSV cell is safe, and import gives back exactly what was generated", async () => {
    const dir = scratch('edges-csv-');
    const subjects = ['=HYPERLINK("http://x")', '@SUM(A1)', '-2+3', '+cmd', "'quoted", 'plain'];
    const common = [
      '--calls',
      '60',
      '--subjects',
      subjects.join(','),
      '--values-mode',
      'replace',
      '--seed',
      '7',
      '--ref-date',
      '2025-10-10T12:00:00Z',
    ];
    expect((await crmSeed(dir, ['generate', ...common, '--out', 'calls.csv', '-q'])).code).toBe(0);
    expect((await crmSeed(dir, ['generate', ...common, '--out', 'calls.jsonl', '-q'])).code).toBe(0);
    const cells: string[][] = parse(readFileSync(join(dir, 'calls.csv'), 'utf8'));
    for (const cell of cells.flat()) {
      // What a spreadsheet would run: a formula trigger first, not escaped.
      expect(/^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell)).toBe(false);
    }
    const column = cells[0]!.indexOf('subject');
    const written = new Set(cells.slice(1).map((r) => r[column]));
    for (const s of written) expect(subjects.map((x) => (/^[=+\-@']/.test(x) ? `'${x}` : x))).toContain(s);

    const imported = await crmSeed(dir, ['import', 'calls.csv', '--batch', 'csv-round-trip'], {
      MONGO_DB: t.name,
    });
    expect(imported.code).toBe(0);
    const stored = await t.db
      .collection('calls')
      .find<{ subject: string; description: string }>(
        { seed_batch: 'csv-round-trip' },
        { projection: { _id: 0, subject: 1, description: 1 } },
      )
      .sort({ id: 1 })
      .toArray();
    const generated = jsonLines(join(dir, 'calls.jsonl'));
    expect(stored.map((c) => c.subject)).toEqual(generated.map((c) => c['subject']));
    expect(stored.map((c) => c.description)).toEqual(generated.map((c) => c['description']));
    // Every value, formula triggers included, went through and came back.
    expect(new Set(stored.map((c) => c.subject))).toEqual(new Set(subjects));
  });
});

test('8a. --mongo-url help says a URL given as a flag shows in the process list', async () => {
  const result = await crmSeed(ROOT, ['stats', '--help']);
  expect(result.code).toBe(0);
  expect(result.stdout.replace(/\s+/g, ' ')).toMatch(
    /--mongo-url <value> MongoDB connection string; given as a flag it is visible to every user of this machine in the process list \(ps\) while the command runs: put a password in MONGO_URL or the config file instead/,
  );
});

// --- 4 and 8b. Seed files and their repositories --------------------------------------

/** A host repository: its own folder of seed files and its own migrate-mongo config. */
interface Host {
  readonly dir: string;
  migrate(...args: string[]): Promise<ProcessResult>;
  config(options: { useFileHash: boolean }): void;
}

function hostIn(root: string, name: string, dbName: string): Host {
  const dir = join(root, name);
  mkdirSync(join(dir, 'migrations'), { recursive: true });
  const host: Host = {
    dir,
    migrate: (...args) => runMigrate([...args, '-f', join(dir, 'migrate-mongo-config.js')], { cwd: dir }),
    config({ useFileHash }) {
      writeFileSync(
        join(dir, 'migrate-mongo-config.js'),
        `module.exports = {
  mongodb: { url: ${JSON.stringify(serverUrl())}, databaseName: ${JSON.stringify(dbName)}, options: {} },
  migrationsDir: ${JSON.stringify(join(dir, 'migrations'))},
  changelogCollectionName: 'changelog',
  lockCollectionName: 'changelog_lock',
  lockTtl: 0,
  migrationFileExtension: '.js',
  useFileHash: ${useFileHash},
  moduleSystem: 'commonjs',
};
`,
      );
    },
  };
  host.config({ useFileHash: false });
  return host;
}

const seedFile = (host: Host, name: string, calls: number): string => {
  const path = join(host.dir, 'migrations', name);
  writeFileSync(
    path,
    `module.exports = require('crm-calls-seed').defineCallSeed(__filename, { calls: ${calls} });\n`,
  );
  return path;
};

describe('4. two repositories on one database, one changelog', () => {
  let t: TestDb;
  let a: Host;
  let b: Host;
  beforeEach(async () => {
    t = await openTestDb('edges_repos');
    // Inside the repository: the seed files require the package by its name.
    const root = scratch('edges-repos-', join(ROOT, 'tmp'));
    a = hostIn(root, 'hostA', t.name);
    b = hostIn(root, 'hostB', t.name);
    seedFile(a, '20260101000000-a-calls.js', 30);
    seedFile(b, '20260102000000-b-calls.js', 20);
  });
  afterEach(async () => t.drop());

  test("each works as plain migrate-mongo: B's up, status and down see only B's file; A's batch untouched; no advice to remove it", async () => {
    expect((await a.migrate('up')).code).toBe(0);
    const aCalls = await t.db.collection('calls').find({ seed_batch: '20260101000000-a-calls' }).toArray();
    expect(aCalls).toHaveLength(30);

    const statusBefore = await b.migrate('status');
    expect(statusBefore.code).toBe(0);
    expect(statusBefore.stdout).toMatch(/20260102000000-b-calls\.js\s*│\s*PENDING/);
    expect(statusBefore.stdout).not.toContain('a-calls');

    const up = await b.migrate('up');
    expect({ code: up.code, stderr: up.stderr }).toEqual({ code: 0, stderr: '' });
    expect(up.stdout).toContain('MIGRATED UP: 20260102000000-b-calls.js');
    expect(await batchCounts(t.db, '20260102000000-b-calls')).toEqual({ calls: 20, logs: 20 });

    const down = await b.migrate('down');
    expect({ code: down.code, stderr: down.stderr }).toEqual({ code: 0, stderr: '' });
    expect(down.stdout).toContain('MIGRATED DOWN: 20260102000000-b-calls.js');
    expect(await batchCounts(t.db, '20260102000000-b-calls')).toEqual({ calls: 0, logs: 0 });
    // A's batch, registry entry and changelog entry as they were.
    expect(await t.db.collection('calls').find({ seed_batch: '20260101000000-a-calls' }).toArray()).toEqual(
      aCalls,
    );
    expect(await t.db.collection('changelog').countDocuments({ fileName: '20260101000000-a-calls.js' })).toBe(
      1,
    );
    const statusA = await a.migrate('status');
    expect(statusA.stdout).toMatch(/20260101000000-a-calls\.js\s*│\s*\d{4}-/);
    for (const r of [statusBefore, up, down, statusA])
      expect(`${r.stdout}${r.stderr}`).not.toMatch(/cleanup --batch/);
  });

  test("a seed file of A's own that was deleted is still caught in A (and only there)", async () => {
    expect((await a.migrate('up')).code).toBe(0);
    rmSync(join(a.dir, 'migrations', '20260101000000-a-calls.js'));
    seedFile(a, '20260104000000-a-more.js', 5);
    const before = await snapshotDatabase(t.db);
    const upA = await a.migrate('up');
    expect(upA.code).toBe(1);
    expect(upA.stderr.trim()).toMatch(
      /^ERROR: Could not migrate up 20260104000000-a-more\.js: seed file 20260101000000-a-calls\.js is applied \(batch 20260101000000-a-calls, 60 documents\) but is no longer in .*hostA\/migrations: restore it \(a renamed file would seed a second batch\), or remove its batch with crm-seed cleanup --batch 20260101000000-a-calls; nothing was done$/,
    );
    const upB = await b.migrate('up');
    expect({ code: upB.code, stderr: upB.stderr }).toEqual({ code: 0, stderr: '' });
    const ofA = (docs: unknown[] | undefined): unknown[] =>
      (docs ?? []).filter((c) => (c as Record<string, unknown>)['seed_batch'] === '20260101000000-a-calls');
    expect(ofA((await snapshotDatabase(t.db))['calls'])).toEqual(ofA(before['calls']));
    expect(ofA(before['calls'])).toHaveLength(30);
  });
});

describe('8b. useFileHash turned on after an up, the file unchanged', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await openTestDb('edges_hash');
  });
  afterEach(async () => t.drop());

  test('the batch is kept (same ids), never called changed; migrate-mongo records it with its real hash', async () => {
    const host = hostIn(scratch('edges-hash-', join(ROOT, 'tmp')), 'host', t.name);
    const file = seedFile(host, '20260103000000-hash-calls.js', 25);
    expect((await host.migrate('up')).code).toBe(0);
    const before = await t.db.collection('calls').find({}).sort({ id: 1 }).toArray();
    host.config({ useFileHash: true });

    const up = await host.migrate('up');
    expect({ code: up.code, stderr: up.stderr }).toEqual({ code: 0, stderr: '' });
    expect(up.stdout).toMatch(
      /batch 20260103000000-hash-calls is applied and kept as it is, nothing written: its seed file is unchanged since it was applied \(sha256 [0-9a-f]{12}…\)/,
    );
    expect(up.stdout).not.toMatch(/\bchanged since|replacing/);
    expect(await t.db.collection('calls').find({}).sort({ id: 1 }).toArray()).toEqual(before);
    // migrate-mongo's own hash: sha256 of the file's bytes (lib/env/migrationsDir.js loadFileHash).
    const hash = createHash('sha256').update(readFileSync(file)).digest('hex');
    const entries = await t.db
      .collection('changelog')
      .find({}, { projection: { _id: 0, fileName: 1, fileHash: 1 } })
      .toArray();
    expect(entries).toEqual([{ fileName: '20260103000000-hash-calls.js', fileHash: hash }]);
    const status = await host.migrate('status');
    expect(status.stdout).toMatch(/20260103000000-hash-calls\.js\s*│\s*[0-9a-f]{64}\s*│\s*\d{4}-/);

    // Edited now: that is a change, and the batch is replaced.
    writeFileSync(file, `${readFileSync(file, 'utf8')}// edited\n`);
    const again = await host.migrate('up');
    expect(again.code).toBe(0);
    expect(`${again.stdout}${again.stderr}`).toContain(
      'replacing batch 20260103000000-hash-calls (its seed file changed since it was applied (useFileHash))',
    );
  });
});

// --- 8c. Cleanup preview after an import killed half-way ----------------------------------

describe('8c. cleanup preview after an import killed half-way', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await openTestDb('edges_preview');
  });
  afterEach(async () => t.drop());

  test('the preview shows what is in the database beside what was registered, and Deleted agrees with it', async () => {
    const dir = scratch('edges-preview-');
    expect((await crmSeed(dir, ['generate', '--calls', '3000', '--out', 'calls.jsonl', '-q'])).code).toBe(0);
    const run = startMigrate(
      ['import', 'calls.jsonl', '--batch', 'half-import', '--batch-size', '100', '-q'],
      { SEED_TEST_PAUSE_AT: 'mid-calls', MONGO_DB: t.name },
      { bin: BIN, cwd: dir },
    );
    await run.paused('mid-calls');
    run.kill();
    await run.done;
    // Inserts the server had already received finish after the kill: wait until the counts hold.
    const { calls, logs } = await untilSteady(() => batchCounts(t.db, 'half-import'), 500);
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThan(3000);

    const preview = await crmSeed(dir, ['cleanup', '--batch', 'half-import', '--dry-run'], {
      MONGO_DB: t.name,
    });
    expect(preview.code).toBe(0);
    const count = (n: number): string => n.toLocaleString('en-US');
    expect(preview.stdout).toContain(
      `  calls          ${count(calls)} in the database (3,000 registered: the rest is already gone)`,
    );
    expect(preview.stdout).toContain(
      `  activity_logs  ${count(logs)} in the database (3,000 registered: the rest is already gone)`,
    );
    const removed = await crmSeed(dir, ['cleanup', '--batch', 'half-import', '--yes'], { MONGO_DB: t.name });
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain(`Deleted ${count(calls)} calls and ${count(logs)} activity logs.`);
    expect(await batchCounts(t.db, 'half-import')).toEqual({ calls: 0, logs: 0 });
    expect(await t.db.collection('seed_batches').countDocuments({ _id: 'half-import' as never })).toBe(0);
  });
});

// --- 5. Half-open connections ---------------------------------------------------------------

describe('5. every request to the server has an upper bound', () => {
  let t: TestDb;
  let proxy: BlackholeProxy;
  let foreign: unknown;
  beforeEach(async () => {
    t = await openTestDb('edges_halfopen');
    await addForeignData(t.db);
    foreign = await foreignSnapshot(t.db);
    proxy = await startBlackholeProxy(serverUrl());
  });
  afterEach(async () => {
    await proxy.close();
    await t.drop();
  });
  const migrate = (env: Record<string, string> = {}) =>
    runMigrate(['down'], { env: { MONGO_DB: t.name, SEED_CALLS: '300', ...env } });

  test("the tool's clients bound every request: socketTimeoutMS 120 s, unless MONGO_URL sets its own", () => {
    expect(OPERATION_TIMEOUT_MS).toBe(120_000);
    expect(clientOptions('mongodb://h:1/crm')).toMatchObject({ socketTimeoutMS: 120_000 });
    expect(clientOptions('mongodb://h:1/crm?socketTimeoutMS=9000')).not.toHaveProperty('socketTimeoutMS');
    expect(clientOptions('mongodb://h:1/crm?sockettimeoutms=0')).not.toHaveProperty('socketTimeoutMS');
  });

  test('a half-open connection during migrate-mongo down: one line, exit 1 within the bound; the lock is taken over and down again is exact', async () => {
    expect((await runMigrate(['up'], { env: { MONGO_DB: t.name, SEED_CALLS: '300' } })).code).toBe(0);
    proxy.swallowNext(deleteCommandOn('activity_logs'));
    const started = Date.now();
    const down = await migrate({ MONGO_URL: proxy.url(serverUrl(), { socketTimeoutMS: '3000' }) });
    const took = Date.now() - started;
    expect(proxy.swallowed()).toBe(true);
    expectOneLine(
      down,
      1,
      /ERROR: Could not migrate down 20251010000000-calls-500\.ts: lost the connection to the database during down of batch 20251010000000-calls-500 \(no answer within the client's socketTimeoutMS: .*timed out.*; a server that is only slow needs a larger socketTimeoutMS in MONGO_URL\); run `down` again when the server is back \(removing is idempotent\)/,
    );
    expect(took).toBeLessThan(3_000 + 20_000);
    // Abandoned as after any lost connection: its holder's process is gone, so the next run takes it over.
    const locks = await t.db.collection('seed_locks').find().toArray();
    expect(locks).toEqual([expect.objectContaining({ command: 'down', batch: BATCH })]);
    expect(locks[0]).not.toHaveProperty('awaitChangelog');

    const again = await migrate();
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`removed batch ${BATCH}`);
    expect(await batchCounts(t.db)).toEqual({ calls: 0, logs: 0 });
    // The lock is free: absent, or handed over to the changelog entry that is gone now.
    for (const lock of await t.db.collection('seed_locks').find().toArray()) {
      expect(lock).toHaveProperty('awaitChangelog.applied', false);
    }
    expect(await t.db.collection('changelog').countDocuments()).toBe(0);
    expect(await foreignSnapshot(t.db)).toEqual(foreign);
  });

  test('crm-seed stats on a connection that stops answering: one line, exit 3', async () => {
    expect((await runMigrate(['up'], { env: { MONGO_DB: t.name, SEED_CALLS: '30' } })).code).toBe(0);
    proxy.swallowNext('seed_batches');
    const started = Date.now();
    const stats = await crmSeed(ROOT, ['stats'], {
      MONGO_URL: proxy.url(serverUrl(), { socketTimeoutMS: '2000' }),
      MONGO_DB: t.name,
    });
    expect(proxy.swallowed()).toBe(true);
    expectOneLine(
      stats,
      3,
      /crm-seed: lost the connection to .*: no answer within the client's socketTimeoutMS: .*/,
    );
    expect(Date.now() - started).toBeLessThan(2_000 + 20_000);
  });

  test("a host's client without socketTimeoutMS: the guarded run gives up on a request unanswered past its limit, leaving the lock to be taken over", async () => {
    const client = new MongoClient(proxy.url(serverUrl()), { serverSelectionTimeoutMS: 5000 });
    try {
      const db = client.db(t.name);
      expect(socketTimeoutOf(db)).toBe(0);
      const started = Date.now();
      const run = runGuarded(
        {
          db,
          command: 'cleanup',
          batch: 'hang',
          guard: { allowProduction: false, productionPattern: /prod/, nodeEnv: undefined },
          logger: silentLogger,
          emit: lifecycleEmitter(undefined),
          requestTimeoutMs: 1_500,
        },
        async () => {
          proxy.swallowNext(deleteCommandOn('calls'));
          await db.collection('calls').deleteMany({ seed_batch: 'nothing-of-ours' });
        },
      );
      await expect(run).rejects.toMatchObject({
        code: 'CONNECTION_LOST',
        message: expect.stringMatching(
          /^lost the connection to the database during cleanup of batch hang \(a request got no answer for \d+ s: the connection stopped answering, or the server is that slow; the lock is left to be taken over\); run the cleanup again when the server is back/,
        ) as unknown,
      });
      expect(Date.now() - started).toBeLessThan(1_500 + 10_000);
      expect(await t.db.collection('seed_locks').countDocuments()).toBe(1);
    } finally {
      await client.close(true).catch(() => undefined);
    }
    expect(await foreignSnapshot(t.db)).toEqual(foreign);
  });

  test('the issue as written: down hangs with no bound (socketTimeoutMS=0); a second SIGINT prints one line and exits 130; down again is exact', async () => {
    expect((await runMigrate(['up'], { env: { MONGO_DB: t.name, SEED_CALLS: '300' } })).code).toBe(0);
    proxy.swallowNext(deleteCommandOn('activity_logs'));
    const run = startMigrate(['down'], {
      MONGO_DB: t.name,
      SEED_CALLS: '300',
      MONGO_URL: proxy.url(serverUrl(), { socketTimeoutMS: '0' }),
    });
    while (!proxy.swallowed()) await new Promise((r) => setTimeout(r, 50));
    run.signal('SIGINT');
    await new Promise((r) => setTimeout(r, 1_000));
    run.signal('SIGINT');
    const result = await run.done;
    expect({ code: result.code, signal: result.signal }).toEqual({ code: 130, signal: null });
    expect(withoutPauseMarkers(result.stderr)).toMatch(
      /^SIGINT again during down of 20251010000000-calls-500: exited at once, part of the batch may be left; run down again to finish \(it takes the lock over from this process\)\n$/,
    );
    const again = await migrate();
    expect({ code: again.code, stderr: again.stderr }).toEqual({
      code: 0,
      stderr: expect.stringMatching(
        /^took over the seed lock from "down" of batch 20251010000000-calls-500 by pid \d+ on .*: its process \d+ is no longer running\n$/,
      ) as unknown,
    });
    expect(again.stdout).toContain(`removed batch ${BATCH}: 300 calls, 300 activity_logs`);
    expect(await batchCounts(t.db)).toEqual({ calls: 0, logs: 0 });
    expect(await t.db.collection('changelog').countDocuments()).toBe(0);
    expect(await foreignSnapshot(t.db)).toEqual(foreign);
  });
});
