import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Long } from 'mongodb';
import type { Db } from 'mongodb';
import { seedCalls } from 'crm-calls-seed';
import { BIN, runBin } from '../cli/support/cli';
import { expectOk, ROOT, runMigrate } from '../support/run-process';
import type { ProcessResult } from '../support/run-process';
import { openTestDb, serverUrl, snapshotDatabase } from '../support/test-db';
import type { TestDb } from '../support/test-db';
import { addForeignData, BATCH, SEED_FILE } from './support/fault-data';
import { killStartedProcesses, startMigrate, withoutPauseMarkers } from './support/seed-process';

/**
 * The provenance edges, as a hostile table like hostile-messages.test.ts: each row sets up its
 * state in the real server (and its working directory), runs the real command as a process,
 * and checks the exit code, the whole of stderr, that no part of a password is printed, and
 * every collection and file before and after.
 *
 * 1. Passwords of every shape in MONGO_URL, --mongo-url, crm-seed.config.json (parseable or
 *    not): masked in every message, --json output and migrate-mongo line.
 * 2. SEED_LINKS=auto links only to live records with whole ids; verify agrees.
 * 3. verify is exact up to 2^53 - 1 and refuses an id beyond it.
 * 4. Config keys and seed-file options named after Object's members are unknown settings.
 * 5. generate interrupted removes its partial files and says so.
 */

// Seed files must sit inside the repository: they import the library by its package name.
const SCRATCH = join(ROOT, 'tmp');
const USER = 'admin';
/** Marks both ends of every password: neither may appear in any output. */
const HEAD = 'Pw7';
const TAIL = 'Tail9';
const secret = (inner: string): string => `${HEAD}${inner}${TAIL}`;

interface RowState {
  readonly t: TestDb;
  /** The working directory of the command. */
  readonly dir: string;
  /** A migrations folder inside the repository, for seed files. */
  readonly seeds: string;
}

type Snapshot = Record<string, unknown[]>;

interface Row {
  readonly what: string;
  readonly setup?: (row: RowState) => Promise<void> | void;
  /** The real command, as a process. */
  readonly run: (row: RowState) => Promise<ProcessResult>;
  readonly code: number;
  /** The whole of stderr (trimmed), pause markers aside. */
  readonly line: RegExp | ((row: RowState) => RegExp);
  /** Lines on stderr: one unless said. */
  readonly lines?: number;
  readonly stdout?: RegExp | ((row: RowState) => RegExp);
  /** Every collection and the working directory as they were; or a check of the change. */
  readonly after: 'unchanged' | ((row: RowState, before: Snapshot, after: Snapshot) => Promise<void> | void);
}

/** The test server's host and port, for URLs with credentials of our own. */
function hostPort(): string {
  return serverUrl()
    .replace(/^mongodb:\/\/([^@/]*@)?/, '')
    .replace(/\/.*$/, '');
}
const urlWith = (password: string, tail = '/?badopt=1', host = hostPort()): string =>
  `mongodb://${USER}:${password}@${host}${tail}`;

const crmSeed = (row: RowState, args: readonly string[], env: Record<string, string | undefined> = {}) =>
  runBin(args, { cwd: row.dir, env: { MONGO_DB: row.t.name, ...env } });
const migrate = (row: RowState, args: readonly string[], env: Record<string, string | undefined> = {}) =>
  runMigrate(args, { env: { MONGO_DB: row.t.name, SEED_CALLS: '40', SEED_BATCH_SIZE: '5', ...env } });
const migrateSeeds = (row: RowState, args: readonly string[], env: Record<string, string> = {}) =>
  migrate(row, [...args, '--migrations-dir', relative(ROOT, row.seeds)], env);

const writeConfig = (row: RowState, text: string): void =>
  writeFileSync(join(row.dir, 'crm-seed.config.json'), text);

// --- 1. secrets ------------------------------------------------------------------------------

/** Each character the issue names, inside a password the driver's parser rejects with ?badopt=1. */
const SHAPES = ['(', ')', '"', "'", '<', '>', '{', '}', '@', ':', '/', '?', '#', '[', ']', '%', ' ', 'ä€😀'];

const MASKED_URL = (tail: string) =>
  `mongodb://${USER}:\\*\\*\\*@127\\.0\\.0\\.1:\\d+${tail.replace(/[?]/g, '\\?')}`;
const BAD_URL_REASON = (source: string, tail = '/?badopt=1') =>
  `${source} must be a connection string starting with mongodb:// or mongodb\\+srv:// \\(got "${MASKED_URL(tail)}": [^"]+\\)`;

const secretRows: Row[] = SHAPES.flatMap((shape): Row[] => {
  const password = secret(`a${shape}b${shape}`);
  const env = { MONGO_URL: urlWith(password) };
  return [
    {
      what: `password with ${JSON.stringify(shape)}, URL rejected by the parser: crm-seed stats`,
      run: (row) => crmSeed(row, ['stats'], env),
      code: 2,
      line: new RegExp(`^crm-seed: ${BAD_URL_REASON('MONGO_URL')}$`),
      after: 'unchanged',
    },
    {
      what: `password with ${JSON.stringify(shape)}, URL rejected by the parser: crm-seed stats --json`,
      run: (row) => crmSeed(row, ['stats', '--json'], env),
      code: 2,
      line: new RegExp(`^crm-seed: ${BAD_URL_REASON('MONGO_URL')}$`),
      stdout: /^$/,
      after: 'unchanged',
    },
    {
      what: `password with ${JSON.stringify(shape)}, URL rejected by the parser: migrate-mongo status`,
      run: (row) => migrate(row, ['status'], env),
      code: 1,
      line: new RegExp(`^ERROR: ${BAD_URL_REASON('MONGO_URL')}$`),
      after: 'unchanged',
    },
  ];
});

/** Every character the parser accepts unescaped: the URL parses, FerretDB then refuses the credentials. */
const PARSEABLE = secret(`(x) "y" 'z' <v> {w} ä€😀`);
const AUTH_FAILED = (prefix: string) =>
  new RegExp(
    `^${prefix}authentication failed at ${MASKED_URL('/')}: check the user name and password in MONGO_URL$`,
  );

const moreSecretRows: Row[] = [
  {
    what: 'a parseable URL whose password the server refuses: crm-seed stats',
    run: (row) => crmSeed(row, ['stats'], { MONGO_URL: urlWith(PARSEABLE, '/') }),
    code: 3,
    line: AUTH_FAILED('crm-seed: '),
    after: 'unchanged',
  },
  {
    what: 'a parseable URL whose password the server refuses: crm-seed stats --json',
    run: (row) => crmSeed(row, ['stats', '--json'], { MONGO_URL: urlWith(PARSEABLE, '/') }),
    code: 3,
    line: AUTH_FAILED('crm-seed: '),
    after: 'unchanged',
  },
  {
    what: 'a parseable URL whose password the server refuses: migrate-mongo status',
    run: (row) => migrate(row, ['status'], { MONGO_URL: urlWith(PARSEABLE, '/') }),
    code: 1,
    line: AUTH_FAILED('ERROR: '),
    after: 'unchanged',
  },
  {
    what: 'a parseable URL to a port nothing listens on: crm-seed stats names it masked',
    run: (row) =>
      crmSeed(row, ['stats'], {
        MONGO_URL: urlWith(PARSEABLE, '/', '127.0.0.1:1'),
        // No local dev server of this repository running: the hint says how to start one.
        LOCAL_DB_DIR: 'tmp/no-local-db',
      }),
    code: 3,
    line: new RegExp(
      `^crm-seed: cannot reach MongoDB at mongodb://${USER}:\\*\\*\\*@127\\.0\\.0\\.1:1/ \\(refused at once: nothing listens there\\) \\(.*\\); is the server running\\? Set MONGO_URL to point at it; in this repository, .npm run db:start. starts the local server`,
    ),
    after: 'unchanged',
  },
  {
    what: 'mongoUrl in crm-seed.config.json, rejected by the parser: crm-seed stats',
    setup: (row) => writeConfig(row, JSON.stringify({ mongoUrl: urlWith(secret('a"b(c)<d>{e}')) })),
    run: (row) => crmSeed(row, ['stats'], { MONGO_URL: undefined }),
    code: 2,
    line: new RegExp(`^crm-seed: ${BAD_URL_REASON('crm-seed\\.config\\.json: "mongoUrl"')}$`),
    after: 'unchanged',
  },
  {
    what: 'mongoUrl in crm-seed.config.json, rejected by the parser: crm-seed stats --json',
    setup: (row) => writeConfig(row, JSON.stringify({ mongoUrl: urlWith(secret("a'b@c:d")) })),
    run: (row) => crmSeed(row, ['stats', '--json'], { MONGO_URL: undefined }),
    code: 2,
    line: new RegExp(`^crm-seed: ${BAD_URL_REASON('crm-seed\\.config\\.json: "mongoUrl"')}$`),
    stdout: /^$/,
    after: 'unchanged',
  },
  {
    what: 'mongoUrl in crm-seed.config.json that the server refuses: crm-seed stats --json',
    setup: (row) => writeConfig(row, JSON.stringify({ mongoUrl: urlWith(PARSEABLE, '/') })),
    run: (row) => crmSeed(row, ['stats', '--json'], { MONGO_URL: undefined }),
    code: 3,
    line: AUTH_FAILED('crm-seed: '),
    after: 'unchanged',
  },
  {
    what: 'crm-seed.config.json that is not JSON around a URL: no excerpt of the file',
    setup: (row) => writeConfig(row, `{"dbName": "x",\n "mongoUrl": "${urlWith(secret('a"b'))}"}`),
    run: (row) => crmSeed(row, ['stats'], { MONGO_URL: undefined }),
    code: 2,
    line: /^crm-seed: crm-seed\.config\.json is not valid JSON: Expected ',' or '}' after property value at line 2, column \d+$/,
    after: 'unchanged',
  },
  {
    what: 'crm-seed.config.json with an unquoted URL: no excerpt of the file',
    setup: (row) => writeConfig(row, `{"mongoUrl": ${urlWith(secret('ab'))}}`),
    run: (row) => crmSeed(row, ['stats'], { MONGO_URL: undefined }),
    code: 2,
    line: /^crm-seed: crm-seed\.config\.json is not valid JSON: Unexpected token 'm'$/,
    after: 'unchanged',
  },
  {
    what: '--mongo-url rejected by the parser',
    run: (row) => crmSeed(row, ['stats', '--mongo-url', urlWith(secret('a b#c'))]),
    code: 2,
    line: new RegExp(`^crm-seed: ${BAD_URL_REASON('--mongo-url')}$`),
    after: 'unchanged',
  },
  {
    what: 'a mistyped flag carrying the URL: commander echoes it, masked',
    run: (row) => crmSeed(row, ['stats', `--mongourl=${urlWith(secret('a(b)'))}`]),
    code: 2,
    line: new RegExp(`^error: unknown option '--mongourl=${MASKED_URL('/?badopt=1')}'[^\n]*\n.*--help`),
    lines: 2,
    after: 'unchanged',
  },
  {
    what: 'crm-seed stats --verbose: the stack and cause chain are masked too',
    run: (row) => crmSeed(row, ['stats', '--verbose'], { MONGO_URL: urlWith(secret('a)b(')) }),
    code: 2,
    line: new RegExp(`^crm-seed: ${BAD_URL_REASON('MONGO_URL')}\nConfigError: `),
    lines: -1,
    after: 'unchanged',
  },
  {
    what: 'migrate-mongo status with SEED_VERBOSE=1: the stack is masked too',
    run: (row) => migrate(row, ['status'], { MONGO_URL: urlWith(secret('a)b(')), SEED_VERBOSE: '1' }),
    code: 1,
    line: new RegExp(`^ERROR: ${BAD_URL_REASON('MONGO_URL')} ConfigError: `),
    lines: -1,
    after: 'unchanged',
  },
  {
    what: "migrate-mongo status with a host config of its own holding the URL (migrate-mongo's own path)",
    setup: (row) =>
      writeFileSync(
        join(row.dir, 'mm-config.js'),
        `module.exports = ${JSON.stringify({
          mongodb: { url: urlWith(secret('a(b)"c"')), databaseName: row.t.name },
          migrationsDir: row.seeds,
          migrationFileExtension: '.js',
        })};\n`,
      ),
    run: (row) => migrate(row, ['status', '-f', join(row.dir, 'mm-config.js')]),
    code: 1,
    line: /^ERROR: option badopt is not supported/,
    lines: -1,
    after: 'unchanged',
  },
];

// --- 2. links -------------------------------------------------------------------------------

/** Entities of tenant 1 in every collection the calls link to: the live ones have ids 11-14. */
const ENTITIES = [
  { id: 11, deleted: 0 },
  { id: 12, deleted: false },
  { id: 13, deleted: '0' },
  { id: Long.fromNumber(14) },
  { id: 7.5, deleted: 0 },
  { id: -3, deleted: 0 },
  { id: '15', deleted: 0 },
  { id: Long.fromString('9007199254740993'), deleted: 0 },
  { id: 31, deleted: 1 },
  { id: 32, deleted: true },
  { id: 33, deleted: '1' },
];
const LIVE_IDS = [11, 12, 13, 14];

/** The foreign data's one call under another team's marker is a batch verify checks: not this row's subject. */
async function withoutOtherTeamsBatch(row: RowState): Promise<void> {
  await row.t.db.collection('calls').deleteOne({ seed_batch: 'another-teams-batch' });
}

async function hostileEntities(row: RowState): Promise<void> {
  await withoutOtherTeamsBatch(row);
  for (const name of ['leads', 'contacts', 'accounts', 'deals', 'users']) {
    await row.t.db
      .collection(name)
      .insertMany(ENTITIES.map((e, i) => ({ ...e, tenant_id: 1, name: `${name} ${i}` })));
  }
}

const linkRows: Row[] = [
  {
    what: 'SEED_LINKS=auto among malformed and deleted records: migrate up links only live ones, verify passes',
    setup: hostileEntities,
    run: async (row) => {
      expectOk(await migrate(row, ['up'], { SEED_USER_ID: '99' }));
      return crmSeed(row, ['verify']);
    },
    code: 0,
    line: /^$/,
    stdout: /^verify: OK \(40 calls, 40 activity_logs seeded in 1 batch\); all \d+ checks passed$/,
    after: async (row, before, after) => {
      const calls = await row.t.db.collection('calls').find({ seed_batch: BATCH }).toArray();
      expect(calls).toHaveLength(40);
      const links = new Set(
        calls.flatMap((c): unknown[] => [
          c['call_for_id'],
          c['related_to_id'],
          ...(c['owner_id'] === 99 ? [] : [c['owner_id'] as unknown]),
        ]),
      );
      expect([...links].sort()).toEqual(LIVE_IDS);
      for (const name of ['leads', 'contacts', 'accounts', 'deals', 'users'])
        expect(after[name]).toEqual(before[name]);
    },
  },
];

// --- 3. verify up to 2^53 -------------------------------------------------------------------

/** 30 calls seeded through the library with both counters at `seq`: ids from seq + 1. */
const seededFrom = (seq: number) => async (row: RowState) => {
  await withoutOtherTeamsBatch(row);
  for (const name of ['calls', 'activity_logs'])
    await row.t.db.collection('counters').updateOne({ _id: name as never }, { $set: { seq } });
  await seedCalls({ db: row.t.db, batch: 'large-ids', calls: 30, refDate: '2025-10-10', randomSeed: 1 });
};
const REFUSED = (named: string, collection: string, field: string) =>
  new RegExp(
    `^crm-seed: verify cannot check ${named} exactly: it is above 9,007,199,254,740,991 \\(2\\^53 - 1\\), the largest integer JavaScript holds exactly, so any verdict on it could be wrong; nothing was checked \\(find it with db\\.${collection}\\.find\\(\\{ ${field}: \\{ \\$gt: 9007199254740991 \\} \\}\\)\\)$`,
  );

const verifyRows: Row[] = [
  ...[2 ** 32, 2 ** 33 + 5, Number.MAX_SAFE_INTEGER - 100].map((seq): Row => ({
    what: `verify of a batch with ids from ${seq + 1}: every check passes`,
    setup: seededFrom(seq),
    run: (row) => crmSeed(row, ['verify']),
    code: 0,
    line: /^$/,
    stdout: /^verify: OK \(30 calls, 30 activity_logs seeded in 1 batch\); all \d+ checks passed$/,
    after: 'unchanged',
  })),
  {
    what: 'verify with an app call whose id is a Long above 2^53: one line, exit 4',
    setup: async (row) => {
      await seededFrom(2 ** 33)(row);
      await row.t.db.collection('calls').insertOne({ id: Long.fromString('9007199254740993'), subject: 'x' });
    },
    run: (row) => crmSeed(row, ['verify']),
    code: 4,
    line: REFUSED('calls\\.id 9007199254740993', 'calls', 'id'),
    stdout: /^$/,
    after: 'unchanged',
  },
  {
    what: 'verify with a seeded log pointing at a double above 2^53: one line, exit 4',
    setup: async (row) => {
      await seededFrom(2 ** 33)(row);
      await row.t.db
        .collection('activity_logs')
        .updateOne({ seed_batch: 'large-ids' }, { $set: { entity_id: 2 ** 53 + 2 } });
    },
    run: (row) => crmSeed(row, ['verify', '--json']),
    code: 4,
    line: REFUSED('activity_logs\\.entity_id 9007199254740994', 'activity_logs', 'entity_id'),
    stdout: /^$/,
    after: 'unchanged',
  },
];

// --- 4. config keys are own properties ------------------------------------------------------

const KNOWN = 'known settings: mongoUrl, dbName, randomSeed,';
const OBJECT_MEMBERS = ['constructor', 'toString', '__proto__', 'hasOwnProperty'];

/** A seed file in the row's migrations folder. */
const seedFile = (body: string) => (row: RowState) =>
  writeFileSync(
    join(row.seeds, SEED_FILE),
    `import { defineCallSeed, defineSeed } from 'crm-calls-seed';\nvoid defineCallSeed;\nvoid defineSeed;\n\n${body}\n`,
  );

const keyRows: Row[] = [
  ...OBJECT_MEMBERS.map((key): Row => ({
    what: `crm-seed.config.json with the key "${key}": crm-seed stats`,
    setup: (row) => writeConfig(row, `{"${key}": {"schema": 1}}`),
    run: (row) => crmSeed(row, ['stats']),
    code: 2,
    line: new RegExp(`^crm-seed: crm-seed\\.config\\.json: unknown setting "${key}"; ${KNOWN}`),
    after: 'unchanged',
  })),
  {
    what: 'crm-seed.config.json with the key "valueOf": crm-seed generate --dry-run',
    setup: (row) => writeConfig(row, '{"calls": 3, "valueOf": 1}'),
    run: (row) => crmSeed(row, ['generate', '--dry-run']),
    code: 2,
    line: new RegExp(`^crm-seed: crm-seed\\.config\\.json: unknown setting "valueOf"; ${KNOWN}`),
    after: 'unchanged',
  },
  ...[
    ['constructor: 1', 'constructor'],
    ['toString: 5', 'toString'],
    ["['__proto__']: 1", '__proto__'],
    ['hasOwnProperty: true', 'hasOwnProperty'],
  ].map(([option, key]): Row => ({
    what: `a defineCallSeed file with the option ${option}: migrate up`,
    setup: seedFile(`export = defineCallSeed(__filename, { calls: 5, ${option!} } as never);`),
    run: (row) => migrateSeeds(row, ['up']),
    code: 1,
    line: new RegExp(
      `^ERROR: Could not migrate up ${SEED_FILE.replace('.', '\\.')}: ${SEED_FILE.replace('.', '\\.')}: unknown setting "${key!}"; ${KNOWN}`,
    ),
    after: 'unchanged',
  })),
  {
    what: 'a defineCallSeed file whose options set a prototype (__proto__: { calls: 3 }): migrate up',
    setup: seedFile('export = defineCallSeed(__filename, { __proto__: { calls: 3 } } as never);'),
    run: (row) => migrateSeeds(row, ['up']),
    code: 1,
    line: /^ERROR: Could not migrate up 20251010000000-calls-500\.ts: 20251010000000-calls-500\.ts: options must be a plain object such as \{ batchSize: 500 \}/,
    after: 'unchanged',
  },
  {
    what: 'a defineSeed file with the option constructor: migrate up',
    setup: seedFile(
      "export = defineSeed(__filename, { collections: [{ name: 'tasks', count: 3, make: ({ id }) => ({ id }) }], constructor: 1 } as never);",
    ),
    run: (row) => migrateSeeds(row, ['up']),
    code: 1,
    line: new RegExp(
      `^ERROR: Could not migrate up 20251010000000-calls-500\\.ts: 20251010000000-calls-500\\.ts: unknown setting "constructor"; ${KNOWN}`,
    ),
    after: 'unchanged',
  },
  {
    what: 'a CSV whose header has a "__proto__" column: crm-seed import names it as an unknown field',
    setup: async (row) => {
      expectOk(await crmSeed(row, ['generate', '--calls', '3', '--seed', '1', '--out', 'good.csv', '-q']));
      const [header, ...lines] = readFileSync(join(row.dir, 'good.csv'), 'utf8').trimEnd().split('\n');
      const text = [`__proto__,${header!}`, ...lines.map((l) => `x,${l}`)].join('\n');
      writeFileSync(join(row.dir, 'proto.csv'), `${text}\n`);
    },
    run: (row) => crmSeed(row, ['import', 'proto.csv']),
    code: 2,
    line: /^crm-seed: proto\.csv: 3 bad rows, nothing imported:\n {2}line 2: unknown field "__proto__"\n/,
    lines: -1,
    after: 'unchanged',
  },
];

// --- 5. generate interrupted ----------------------------------------------------------------

/**
 * `crm-seed generate` stopped half-way by itself (pause-at.cjs, `mid-calls`), its partial
 * files checked to be there, then signalled and let go on.
 */
async function interruptedGenerate(
  row: RowState,
  args: readonly string[],
  sig: NodeJS.Signals,
): Promise<ProcessResult> {
  const run = startMigrate(
    ['generate', ...args, '-q'],
    { SEED_TEST_PAUSE_AT: 'mid-calls' },
    { bin: BIN, cwd: row.dir },
  );
  await run.paused('mid-calls');
  const partials = [row.dir, join(row.dir, 'out')].flatMap((d) => {
    try {
      return readdirSync(d).filter((f) => f.endsWith('.partial'));
    } catch {
      return [];
    }
  });
  expect(partials.length).toBeGreaterThan(0);
  run.signal(sig);
  run.resume();
  const result = await run.done;
  return { ...result, stderr: withoutPauseMarkers(result.stderr) };
}

const generateRows: Row[] = [
  ...(['SIGINT', 'SIGTERM'] as const).map((sig): Row => ({
    what: `${sig} during generate --out --logs-out: its partial files removed, one line, exit ${sig === 'SIGINT' ? 130 : 143}`,
    run: (row) =>
      interruptedGenerate(row, ['--calls', '20000', '--out', 'calls.jsonl', '--logs-out', 'logs.jsonl'], sig),
    code: sig === 'SIGINT' ? 130 : 143,
    line: (row) =>
      new RegExp(
        `^crm-seed: interrupted by ${sig}: generate stopped at [\\d,]+ of 20,000 calls; removed its partial files calls\\.jsonl\\.\\d+-[0-9a-f]{6}\\.partial, logs\\.jsonl\\.\\d+-[0-9a-f]{6}\\.partial in ${row.dir}; no output file was written$`,
      ),
    after: 'unchanged',
  })),
  {
    what: 'SIGINT during generate --force over an existing file: the file is as it was',
    setup: (row) => writeFileSync(join(row.dir, 'calls.csv'), 'the old export\n'),
    run: (row) => interruptedGenerate(row, ['--calls', '20000', '--out', 'calls.csv', '--force'], 'SIGINT'),
    code: 130,
    line: (row) =>
      new RegExp(
        `^crm-seed: interrupted by SIGINT: generate stopped at [\\d,]+ of 20,000 calls; removed its partial file calls\\.csv\\.\\d+-[0-9a-f]{6}\\.partial in ${row.dir}; no output file was written$`,
      ),
    after: (row) => {
      expect(readFileSync(join(row.dir, 'calls.csv'), 'utf8')).toBe('the old export\n');
    },
  },
  {
    what: 'SIGTERM during generate --seed-file (any dataset) into a folder',
    setup: (row) =>
      writeFileSync(
        join(row.seeds, 'tasks.js'),
        "module.exports = require('crm-calls-seed').defineSeed(__filename, { collections: [{ name: 'tasks', count: 20000, make: ({ id }) => ({ id, title: `task ${id}` }) }, { name: 'notes', per: 'tasks', count: 1, parentField: 'task_id', make: ({ id, parent }) => ({ id, task_id: parent.id }) }] });\n",
      ),
    run: (row) =>
      interruptedGenerate(row, ['--seed-file', join(row.seeds, 'tasks.js'), '--out', 'out'], 'SIGTERM'),
    code: 143,
    line: (row) =>
      new RegExp(
        `^crm-seed: interrupted by SIGTERM: generate stopped at [\\d,]+ of 20,000 tasks; removed its partial files tasks\\.jsonl\\.\\d+-[0-9a-f]{6}\\.partial, notes\\.jsonl\\.\\d+-[0-9a-f]{6}\\.partial in ${join(row.dir, 'out')}; no output file was written$`,
      ),
    after: (row) => {
      expect(readdirSync(join(row.dir, 'out'))).toEqual([]);
    },
  },
];

const ROWS: Row[] = [
  ...secretRows,
  ...moreSecretRows,
  ...linkRows,
  ...verifyRows,
  ...keyRows,
  ...generateRows,
];

/** Every non-empty collection, sorted by _id, and the files of the working directory. */
async function snapshot(db: Db, dir: string): Promise<Snapshot> {
  const all = await snapshotDatabase(db);
  const kept = Object.fromEntries(Object.entries(all).filter(([, docs]) => docs.length > 0));
  return { ...kept, '(files)': readdirSync(dir).sort() };
}

describe('hostile provenance edges: secrets, links, large ids, object keys, interrupted generate', () => {
  afterAll(killStartedProcesses);

  test.concurrent.each(ROWS.map((row) => [row.what, row] as const))('%s', async (_what, spec) => {
    mkdirSync(SCRATCH, { recursive: true });
    const row: RowState = {
      t: await openTestDb('provenance'),
      dir: mkdtempSync(join(SCRATCH, 'edges-cwd-')),
      seeds: mkdtempSync(join(SCRATCH, 'edges-seeds-')),
    };
    try {
      await check(row, spec);
    } finally {
      await row.t.drop();
      rmSync(row.dir, { recursive: true, force: true });
      rmSync(row.seeds, { recursive: true, force: true });
    }
  });
});

async function check(row: RowState, spec: Row): Promise<void> {
  await addForeignData(row.t.db);
  // The registry's one legacy scan is recorded, so no row sees it written.
  await row.t.db.collection('seed_batches').insertOne({ _id: '#legacy-scan' as never, at: new Date() });
  await spec.setup?.(row);
  const before = await snapshot(row.t.db, row.dir);

  const result = await spec.run(row);

  if (result.code !== spec.code) {
    throw new Error(
      `exit ${String(result.code)}, expected ${spec.code}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  const stderr = result.stderr.trim();
  expect(stderr).toMatch(typeof spec.line === 'function' ? spec.line(row) : spec.line);
  if (spec.lines !== -1) expect(stderr.split('\n')).toHaveLength(spec.lines ?? 1);
  if (spec.stdout) {
    expect(result.stdout.trim()).toMatch(typeof spec.stdout === 'function' ? spec.stdout(row) : spec.stdout);
  }
  // No part of any password, whatever the command printed.
  const output = result.stdout + result.stderr;
  expect(output).not.toContain(HEAD);
  expect(output).not.toContain(TAIL);
  expect(output).not.toMatch(/unexpected error|reading 'schema'/);

  const after = await snapshot(row.t.db, row.dir);
  if (spec.after === 'unchanged') expect(after).toEqual(before);
  else await spec.after(row, before, after);
}
