import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Document } from 'mongodb';
import { openTestDb } from '../support/test-db';
import type { TestDb } from '../support/test-db';
import { expectOk, ROOT, runProcess } from '../support/run-process';
import type { ProcessResult } from '../support/run-process';
import { expectValidBatch } from '../support/seeded-data';
import { killStartedProcesses } from '../faults/support/seed-process';
import { BATCH, buildHost, SEED_CALLS, SEED_FILE, SEED_TENANT } from './support/host';
import type { Host, HostSpec } from './support/host';
import { HOSTS, readmeBootstrapScript, readmeEsmSeed } from './support/hosts';
import {
  installedVersion,
  newestOnRegistry,
  npmEnv,
  npmWarnings,
  packThisRepository,
  runNpm,
} from './support/npm';
import type { PackedPackage } from './support/npm';

/**
 * The consumer matrix: the packed tarball installed from the registry's packages of today
 * into other teams' repositories (test/consumer/support/hosts.ts), each driven the way its
 * users drive it (migrate-mongo up, status, down, up, down, a kill -9 mid-up, the crm-seed
 * bin, the README's bootstrap script, tsc --strict), each in a database of its own. The hosts are
 * installed at once, in the one beforeAll.
 */
// A step is a few processes of ~1 s, and one tsc run ~10 s; a loaded CI machine can take several times that.
jest.setTimeout(240_000);

let root: string;
let packed: PackedPackage;
let newestMongodb7: string;
const hosts = new Map<string, Host>();

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'crm-seed-consumers-'));
  packed = await packThisRepository(root);
  const [built, newest] = await Promise.all([
    Promise.all(HOSTS.map((spec) => buildHost(root, packed.tarball, spec))),
    newestOnRegistry('mongodb@7'),
  ]);
  for (const host of built) hosts.set(host.spec.id, host);
  newestMongodb7 = newest;
}, 600_000);

afterAll(async () => {
  await killStartedProcesses();
  if (root) rmSync(root, { recursive: true, force: true });
});

function hostOf(id: string): Host {
  const host = hosts.get(id);
  if (!host) throw new Error(`host ${id} was not built (see beforeAll)`);
  return host;
}

describe('the package as npm ships it', () => {
  test('the tarball holds dist/, bin/, docs/, the README, package.json and a LICENSE: no sources, tests, seeds, tools or source maps', () => {
    const outside = packed.files.filter(
      (f) => !/^(dist\/|bin\/|docs\/)/.test(f) && !/^(README\.md|package\.json|LICENSE(\.\w+)?)$/.test(f),
    );
    expect(outside).toEqual([]);
    expect(packed.files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(packed.files).toEqual(
      expect.arrayContaining([
        'dist/index.js',
        'dist/index.d.ts',
        'bin/crm-seed.js',
        'package.json',
        'docs/api.md',
      ]),
    );
  });

  test('no link in the packed package points at a file it lacks: the docs’ links, and the docs the code names', () => {
    const installed = join(hostOf('a').dir, 'node_modules', 'crm-calls-seed');
    const shipped = new Set(packed.files);
    const broken: string[] = [];
    for (const file of packed.files.filter((f) => f.endsWith('.md'))) {
      const text = readFileSync(join(installed, file), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue; // a URL
        const path = join(dirname(file), target!).split('\\').join('/');
        if (!shipped.has(path) && !packed.files.some((f) => f.startsWith(`${path}/`)))
          broken.push(`${file} -> ${target}`);
      }
    }
    for (const file of packed.files.filter((f) => f.endsWith('.js'))) {
      for (const [doc] of readFileSync(join(installed, file), 'utf8').matchAll(/docs\/[\w-]+\.md/g)) {
        if (!shipped.has(doc)) broken.push(`${file} -> ${doc}`);
      }
    }
    expect(broken).toEqual([]);
  });

  test('the packed package.json runs nothing at install time from the tarball (no install scripts)', () => {
    const manifest = JSON.parse(
      readFileSync(join(hostOf('a').dir, 'node_modules', 'crm-calls-seed', 'package.json'), 'utf8'),
    ) as { scripts?: Record<string, string> };
    // `prepare` builds dist/ in a clone and for a git install only; npm never runs it for a tarball or the registry.
    const atInstall = ['preinstall', 'install', 'postinstall'];
    expect(Object.keys(manifest.scripts ?? {}).filter((s) => atInstall.includes(s))).toEqual([]);
    expect(existsSync(join(hostOf('a').dir, 'node_modules', 'crm-calls-seed', 'src'))).toBe(false);
  });

  test('installing it into the newest host prints no npm warning at all', () => {
    expect(npmWarnings(hostOf('a').install)).toEqual([]);
  });

  test.each(HOSTS.map((s) => s.id))(
    'host %s: installing prints no warning but other packages’ deprecations; npm ls accepts the tree; no TypeScript toolchain',
    async (id) => {
      const host = hostOf(id);
      expect(
        npmWarnings(host.install).filter((l) => !/^npm warn deprecated (?!crm-calls-seed@)/i.test(l)),
      ).toEqual([]);
      // Exit 0 only when every peer range is satisfied (an invalid or missing peer fails it).
      expectOk(await runNpm(['ls', '--all'], { cwd: host.dir }));
      const modules = join(host.dir, 'node_modules');
      expect(existsSync(join(modules, 'crm-calls-seed', 'dist', 'index.js'))).toBe(true);
      expect(existsSync(join(modules, 'ts-node'))).toBe(false);
      expect(existsSync(join(modules, 'typescript'))).toBe(false);
    },
  );

  test('each host runs the versions it asked for, from the registry of today', () => {
    const version = (id: string, name: string): string =>
      installedVersion(join(hostOf(id).dir, 'node_modules'), name);
    // The newest 7.x the registry lists now, whatever this repository's lock file pins.
    expect(newestMongodb7).toMatch(/^7\./);
    expect(version('a', 'mongodb')).toBe(newestMongodb7);
    expect(version('c', 'mongodb')).toBe(newestMongodb7);
    expect(version('a', 'migrate-mongo')).toMatch(/^14\./);
    expect(version('b', 'mongodb')).toBe('6.0.0');
    expect(version('b', 'migrate-mongo')).toBe('11.0.0');
    // (e), (f): no migrate-mongo in the host; the global or npx one has its own driver, 7.x; the host's is 7.x or 6.x.
    for (const id of ['e', 'f']) {
      expect(existsSync(join(hostOf(id).dir, 'node_modules', 'migrate-mongo'))).toBe(false);
      expect(installedVersion(hostOf(id).migrateMongoModules, 'migrate-mongo')).toMatch(/^14\./);
      expect(migrateMongoDriverVersion(hostOf(id))).toMatch(/^7\./);
    }
    expect(version('e', 'mongodb')).toBe(newestMongodb7);
    expect(version('f', 'mongodb')).toMatch(/^6\./);
  });
});

/** The driver migrate-mongo loads: its own copy (nested, or beside it). */
function migrateMongoDriverVersion(host: Host): string {
  const nested = join(host.migrateMongoModules, 'migrate-mongo', 'node_modules');
  return existsSync(join(nested, 'mongodb'))
    ? installedVersion(nested, 'mongodb')
    : installedVersion(host.migrateMongoModules, 'mongodb');
}

describe.each(HOSTS.map((s) => [s.title, s] as const))('%s', (_title, spec: HostSpec) => {
  let host: Host;
  let t: TestDb;
  /** The documents of the earlier migrations after the first up, by _id: no later run may touch them. */
  let earlierDocs: Record<string, string[]>;
  let lastIds: { first: number; last: number };

  beforeAll(async () => {
    host = hostOf(spec.id);
    t = await openTestDb(`consumer_${spec.id}`);
  });
  afterAll(async () => t?.drop());

  const files = (): string[] => [...spec.earlier.map((m) => m.file), SEED_FILE];
  const changelog = () => t.db.collection(spec.changelog);

  /** The changelog lists exactly `expected`, with file hashes when the host's config asks for them. */
  async function expectChangelog(expected: readonly string[]): Promise<void> {
    const entries = await changelog().find().sort({ fileName: 1 }).toArray();
    expect(entries.map((e): unknown => e['fileName'])).toEqual([...expected].sort());
    for (const e of entries) expect(typeof e['fileHash']).toBe(spec.useFileHash ? 'string' : 'undefined');
    // Nothing went to migrate-mongo's default changelog when the host names another one.
    if (spec.changelog !== 'changelog') expect(await t.db.collection('changelog').countDocuments()).toBe(0);
  }

  async function earlierSnapshot(): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    for (const m of spec.earlier) {
      const docs = await t.db.collection(m.collection).find(m.filter).toArray();
      expect(docs).toHaveLength(m.count);
      out[m.file] = docs.map((d: Document) => String(d['_id'])).sort();
    }
    return out;
  }

  /** The seed's batch: exactly the README's calls, their logs, nothing else; returns its ids. */
  async function expectSeedBatch(): Promise<{ first: number; last: number }> {
    const { calls } = await expectValidBatch(t.db, BATCH, SEED_CALLS);
    expect(calls.every((c) => c.tenant_id === SEED_TENANT)).toBe(true);
    expect(await t.db.collection('calls').countDocuments()).toBe(SEED_CALLS);
    expect(await t.db.collection('activity_logs').countDocuments()).toBe(SEED_CALLS);
    const ids = calls.map((c) => c.id);
    return { first: Math.min(...ids), last: Math.max(...ids) };
  }

  async function expectNoSeedData(): Promise<void> {
    expect(await t.db.collection('calls').countDocuments()).toBe(0);
    expect(await t.db.collection('activity_logs').countDocuments()).toBe(0);
  }

  const ok = (result: ProcessResult): ProcessResult => {
    expectOk(result);
    return result;
  };

  test('up applies every migration file: the seed’s exact batch, the host’s changelog', async () => {
    const up = ok(await host.migrate(['up'], t.name));
    for (const file of files()) expect(up.stdout).toContain(`MIGRATED UP: ${file}`);
    expect(up.stdout).toContain(`Seeded batch ${BATCH} into ${t.name}`);
    lastIds = await expectSeedBatch();
    expect(lastIds).toEqual({ first: 1, last: SEED_CALLS });
    earlierDocs = await earlierSnapshot();
    await expectChangelog(files());
  });

  test('the installed crm-seed bin (compiled JavaScript, the host’s driver) sees the batch', async () => {
    const stats = ok(await host.crmSeed(['stats', '--json', '--db', t.name]));
    const report = JSON.parse(stats.stdout) as { batches: { batch: string }[] };
    expect(report.batches.find((b) => b.batch === BATCH)).toEqual(
      expect.objectContaining({
        batch: BATCH,
        state: 'complete',
        collections: [
          { name: 'calls', count: SEED_CALLS, first: 1, last: SEED_CALLS },
          { name: 'activity_logs', count: SEED_CALLS, first: 1, last: SEED_CALLS },
        ],
      }),
    );
  });

  test('the calls’ schemas import by name (loaded on first access) and check a stored call', async () => {
    const esm = spec.moduleSystem === 'esm';
    const load = esm
      ? "import { callSchema, activityLogSchema } from 'crm-calls-seed';\nimport { MongoClient } from 'mongodb';"
      : "const { callSchema, activityLogSchema } = require('crm-calls-seed');\nconst { MongoClient } = require('mongodb');";
    const check = `const client = await MongoClient.connect(process.env.MONGO_URL);
const call = await client.db(process.env.MONGO_DB).collection('calls').findOne({ seed_batch: { $exists: true } }, { projection: { _id: 0 } });
await client.close();
console.log(call !== null, callSchema.safeParse(call).success, callSchema.safeParse({}).success, typeof activityLogSchema.parse);`;
    host.write('scripts/check-schema.js', `${load}\n${esm ? check : `(async () => {\n${check}\n})();`}\n`);
    const run = ok(await host.node('scripts/check-schema.js', { MONGO_DB: t.name }));
    expect(run.stdout).toBe('true true false function\n');
  });

  test('status lists every file as applied', async () => {
    const status = ok(await host.migrate(['status'], t.name));
    for (const file of files()) {
      const row = status.stdout.split('\n').find((l) => l.includes(file));
      expect(row).toBeDefined();
      expect(row).not.toContain('PENDING');
    }
  });

  test('down removes exactly the seed batch; what was applied before stays', async () => {
    const down = ok(await host.migrate(['down'], t.name));
    expect(down.stdout).toContain(`MIGRATED DOWN: ${SEED_FILE}`);
    await expectNoSeedData();
    expect(await earlierSnapshot()).toEqual(earlierDocs);
    await expectChangelog(spec.earlier.map((m) => m.file));
  });

  test('up again: a new batch on fresh ids, and the files applied before are not taken for an interrupted run', async () => {
    const up = ok(await host.migrate(['up'], t.name));
    expect(up.stdout).toContain(`MIGRATED UP: ${SEED_FILE}`);
    for (const m of spec.earlier) expect(up.stdout).not.toContain(`MIGRATED UP: ${m.file}`);
    const ids = await expectSeedBatch();
    expect(ids.first).toBe(lastIds.last + 1); // ids are never reused after down
    lastIds = ids;
    expect(await earlierSnapshot()).toEqual(earlierDocs);
    await expectChangelog(files());
  });

  test('down again', async () => {
    const down = ok(await host.migrate(['down'], t.name));
    expect(down.stdout).toContain(`MIGRATED DOWN: ${SEED_FILE}`);
    await expectNoSeedData();
    expect(await earlierSnapshot()).toEqual(earlierDocs);
    await expectChangelog(spec.earlier.map((m) => m.file));
  });

  test('kill -9 mid-up: no changelog entry; the next up gives exact counts', async () => {
    const run = host.startMigrate(['up'], t.name, { SEED_BATCH_SIZE: '40', SEED_TEST_PAUSE_AT: 'mid-calls' });
    await run.paused('mid-calls');
    run.kill();
    expect((await run.done).signal).toBe('SIGKILL');
    const partial = await t.db.collection('calls').countDocuments({ seed_batch: BATCH });
    expect(partial).toBeGreaterThanOrEqual(SEED_CALLS / 2);
    expect(partial).toBeLessThan(SEED_CALLS);
    expect(await changelog().countDocuments({ fileName: SEED_FILE })).toBe(0);

    const up = ok(await host.migrate(['up'], t.name));
    expect(up.stdout).toContain(`MIGRATED UP: ${SEED_FILE}`);
    const ids = await expectSeedBatch();
    expect(ids.first).toBeGreaterThan(lastIds.last);
    expect(await earlierSnapshot()).toEqual(earlierDocs);
    await expectChangelog(files());
  });

  test('down, one file at a time, undoes everything, each migration its own way', async () => {
    for (const file of [...files()].reverse()) {
      const down = ok(await host.migrate(['down'], t.name));
      expect(down.stdout).toContain(`MIGRATED DOWN: ${file}`);
    }
    await expectNoSeedData();
    for (const m of spec.earlier)
      expect(await t.db.collection(m.collection).countDocuments(m.filter)).toBe(0);
    await expectChangelog([]);
  });

  test('a database migrate-mongo connects to that looks like production is refused: exit 1, one line, the seed writes nothing', async () => {
    const name = `crm_production_${t.name.slice(-8)}`;
    const db = t.client.db(name);
    try {
      const up = await host.migrate(['up'], name, { NODE_ENV: '' });
      expect(up.code).toBe(1);
      expect(up.stderr).toContain(
        `refusing to write: database name "${name}" matches the production pattern`,
      );
      expect(up.stderr.trim().split('\n')).toHaveLength(1);
      for (const collection of ['calls', 'activity_logs', 'seed_locks', 'seed_batches', 'counters']) {
        expect(await db.collection(collection).countDocuments()).toBe(0);
      }
      expect(await db.collection(spec.changelog).countDocuments({ fileName: SEED_FILE })).toBe(0);
    } finally {
      await db.dropDatabase();
    }
  });

  test('the README’s bootstrap script: seedCalls keeps its batch on the host’s own Db; run again it writes nothing', async () => {
    host.write('scripts/bootstrap-calls.js', readmeBootstrapScript(spec.moduleSystem));
    const run = ok(await host.node('scripts/bootstrap-calls.js', { MONGO_DB: t.name }));
    expect(run.stderr).toBe('');
    const printed = /^seeded calls (\d+)-(\d+), seed \d+\n$/.exec(run.stdout);
    expect(printed).not.toBeNull();
    expect(Number(printed![2]) - Number(printed![1])).toBe(1999);
    expect(await t.db.collection('calls').countDocuments({ seed_batch: 'dev-bootstrap' })).toBe(2000);
    const again = ok(await host.node('scripts/bootstrap-calls.js', { MONGO_DB: t.name }));
    expect(again.stdout).toMatch(/^batch dev-bootstrap is there already and kept as it is, nothing written/);
    expect(await t.db.collection('calls').countDocuments({ seed_batch: 'dev-bootstrap' })).toBe(2000);
    // crm-seed in the host, no MONGO_DB: the database comes from the host's migrate-mongo config (TEAM_DB).
    const stats = ok(
      await runProcess('npx', ['--no-install', 'crm-seed', 'stats', '--json'], {
        cwd: host.dir,
        env: { ...npmEnv(), MONGO_DB: undefined, TEAM_DB: t.name },
        timeoutMs: 60_000,
      }),
    );
    expect(JSON.parse(stats.stdout)).toMatchObject({
      database: t.name,
      collections: { calls: { seeded: 2000 } },
    });
    const removed = ok(await host.crmSeed(['cleanup', '--batch', 'dev-bootstrap', '--yes', '--db', t.name]));
    expect(removed.code).toBe(0);
    expect(
      await t.db.collection<{ _id: string }>('seed_batches').countDocuments({ _id: 'dev-bootstrap' }),
    ).toBe(0);
  });
});

/**
 * (d) A strict TypeScript host: the host's own Db and MongoClient, whatever its driver version,
 * passed to the public API, from CommonJS (check-types.ts) and from an ES module (the README's
 * TypeScript seed file as seed-file.mts). Checked in the trees of hosts a (the newest 7.x) and
 * b (6.0.0). One tsc run takes ~10 s here (mongodb's own types), so two, at once.
 */
describe('(d) a strict TypeScript host passes its own Db and MongoClient to the public API (tsc --strict, node16)', () => {
  const CHECK = `import { MongoClient } from 'mongodb';
import type { Db } from 'mongodb';
import { defineCallSeed, removeSeedBatch, seedCalls, SafetyError } from 'crm-calls-seed';
import type { DatasetResult, ErrorCode, MigrateMongoSeed, Removed } from 'crm-calls-seed';

/** What migrate-mongo calls a migration with, typed by the host's own driver. */
interface HostMigration {
  up(db: Db, client: MongoClient): Promise<void>;
  down(db: Db, client: MongoClient): Promise<void>;
}

const seed: MigrateMongoSeed = defineCallSeed('20250103000000-x.js', { calls: 10, tenantId: 2 });
export const migration: HostMigration = seed;

export async function bootstrap(url: string): Promise<number> {
  const client: MongoClient = await MongoClient.connect(url);
  const db: Db = client.db('crm');
  try {
    const result: DatasetResult = await seedCalls({ db, batch: 'b-1', calls: 5 });
    const removed: Removed = await removeSeedBatch({ db, batch: 'b-1' });
    await seed.up(db, client);
    await seed.down(db);
    await migration.up(db, client);
    return result.collections.length + removed.total;
  } finally {
    await client.close();
  }
}
export function codeOf(err: unknown): ErrorCode | undefined {
  return err instanceof SafetyError ? err.code : undefined;
}
// @ts-expect-error calls is a number
defineCallSeed('x.js', { calls: 'many' });
`;

  test.concurrent.each(['a', 'b'])('in host %s’s tree', async (id) => {
    const host = hostOf(id);
    host.write('check-types.ts', CHECK);
    host.write('seed-file.mts', readmeEsmSeed());
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const run = await runProcess(
      process.execPath,
      [
        tsc,
        '--noEmit',
        '--strict',
        '--module',
        'node16',
        '--moduleResolution',
        'node16',
        '--types',
        'node',
        '--typeRoots',
        join(ROOT, 'node_modules', '@types'),
        'check-types.ts',
        'seed-file.mts',
      ],
      { cwd: host.dir, timeoutMs: 180_000 },
    );
    expect(run.stdout + run.stderr).toBe('');
    expect(run.code).toBe(0);
  });
});

/** The process's result, after failing with its output when it did not exit 0. */
function succeeded(result: ProcessResult): ProcessResult {
  expectOk(result);
  return result;
}

describe('TypeScript seed files in a host, through the loader the README names', () => {
  let t: TestDb;
  beforeAll(async () => (t = await openTestDb('consumer_tsx')));
  afterAll(async () => t.drop());

  test("NODE_OPTIONS='--import tsx': a typed seed file runs up, status, down under plain migrate-mongo", async () => {
    const host = hostOf('a');
    host.write(
      'ts-config.js',
      `module.exports = { mongodb: { url: process.env.MONGO_URL, databaseName: process.env.TEAM_DB }, migrationsDir: 'ts-migrations', changelogCollectionName: 'ts_changelog', migrationFileExtension: '.ts' };\n`,
    );
    host.write(
      'ts-migrations/20250104000000-typed-calls.ts',
      `import { defineCallSeed } from 'crm-calls-seed';
import type { CallSeedOptions } from 'crm-calls-seed';

const options: CallSeedOptions = { calls: 12, tenantId: 4 };
const seed = defineCallSeed(__filename, options);
export const up = seed.up;
export const down = seed.down;
`,
    );
    // The loader is the host's own dev dependency, as the README says (installed here, after the
    // install-warning checks: tsx's esbuild brings an install script of its own).
    succeeded(
      await runNpm(['install', '--no-audit', '--no-fund', '-D', 'tsx'], {
        cwd: host.dir,
        timeoutMs: 300_000,
      }),
    );
    const env = { NODE_OPTIONS: '--import tsx' };
    succeeded(await host.migrate(['up', '-f', 'ts-config.js'], t.name, env));
    expect(
      await t.db
        .collection('calls')
        .countDocuments({ seed_batch: '20250104000000-typed-calls', tenant_id: 4 }),
    ).toBe(12);
    const status = succeeded(await host.migrate(['status', '-f', 'ts-config.js'], t.name, env));
    expect(status.stdout).toMatch(/20250104000000-typed-calls\.ts.*\d{4}-/);
    succeeded(await host.migrate(['down', '-f', 'ts-config.js'], t.name, env));
    expect(await t.db.collection('calls').countDocuments()).toBe(0);
  });
});

describe('a fresh clone of this repository', () => {
  test('npm ci, then npx crm-seed --help works: npm ci builds dist/', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crm-seed-clone-'));
    try {
      expectOk(await runProcess('git', ['clone', '-q', ROOT, dir], { timeoutMs: 60_000 }));
      expectOk(await runNpm(['ci', '--no-audit', '--no-fund'], { cwd: dir, timeoutMs: 600_000 }));
      const help = await runProcess('npx', ['--no-install', 'crm-seed', '--help'], {
        cwd: dir,
        env: npmEnv(),
      });
      expectOk(help);
      expect(help.stdout).toContain('Usage: crm-seed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 900_000);
});
