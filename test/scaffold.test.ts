import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planOf, generateAll } from 'crm-calls-seed/internal';
import type { AnyDataset } from 'crm-calls-seed/internal';
import { cli } from './cli/support/cli';
import { expectOk, MIGRATE_MONGO_BIN, ROOT, runProcess } from './support/run-process';
import { openTestDb, snapshotDatabase } from './support/test-db';
import type { TestDb } from './support/test-db';
import { CANARY, FIXTURE_REF_DATE, plantCrm } from './support/scaffold-fixture';

/**
 * The acceptance run: a database with planted distributions (3,000 contacts of two
 * tenants: categories at 60/30/10, log-normal amounts, ISO dates over 90 days, unique emails,
 * a score at 30%, a nested address, tags of 0-5, owner_id -> users, account_id -> accounts),
 * scaffolded, applied with plain migrate-mongo, compared by `fidelity`, and removed by `down`.
 */
const DIR = join(ROOT, 'tmp', `scaffold-test-${process.pid}`);
const NAME = 'scaffold-planted';
const SEED_FILE = join(DIR, 'migrations', `20251010120000-${NAME}.ts`);
const DATASET_FILE = join(DIR, `${NAME}.dataset.ts`);

/** `crm-seed scaffold` of the planted CRM's accounts and contacts into DIR. */
const scaffoldPlanted = (db: string, ...extra: string[]) =>
  cli([
    'scaffold',
    '--db',
    db,
    '--collection',
    'accounts',
    '--collection',
    'contacts',
    '--tenant-field',
    'tenant_id',
    '--out',
    DIR,
    '--name',
    NAME,
    '--ref-date',
    FIXTURE_REF_DATE,
    ...extra,
  ]);

/** A TypeScript host: its seed files load through ts-node, as test/fixtures/tickets-repo's do. */
const CONFIG = `require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
module.exports = {
  mongodb: { url: process.env.MONGO_URL, databaseName: process.env.MONGO_DB, options: {} },
  migrationsDir: 'migrations',
  changelogCollectionName: 'changelog',
  lockCollectionName: 'changelog_lock',
  lockTtl: 0,
  migrationFileExtension: '.ts',
  useFileHash: false,
  moduleSystem: 'commonjs',
};
`;

const migrate = (t: TestDb, args: string[]) =>
  runProcess(process.execPath, [MIGRATE_MONGO_BIN, ...args], {
    cwd: DIR,
    env: { MONGO_DB: t.name, SEED_REF_DATE: FIXTURE_REF_DATE },
    timeoutMs: 120_000,
  });

/** Every string anywhere in a value. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (typeof value === 'object' && value !== null && !('_bsontype' in value) && !(value instanceof Date))
    for (const v of Object.values(value)) strings(v, out);
  return out;
}

describe('scaffold, migrate-mongo up, fidelity, down on planted data', () => {
  let t: TestDb;
  let before: Record<string, unknown[]>;
  let sourceEmails: string[];
  beforeAll(async () => {
    rmSync(DIR, { recursive: true, force: true });
    mkdirSync(DIR, { recursive: true });
    writeFileSync(join(DIR, 'migrate-mongo-config.js'), CONFIG);
    t = await openTestDb('scaffold');
    await plantCrm(t.db);
    sourceEmails = (await t.db.collection('contacts').find().toArray()).map((d) => d['email'] as string);
    before = await snapshotDatabase(t.db);
  });
  afterAll(async () => {
    rmSync(DIR, { recursive: true, force: true });
    await t.drop();
  });

  test('scaffold writes the module and the seed file, and prints the kept categories', async () => {
    const result = await scaffoldPlanted(t.name);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('contacts.owner_id -> users.id');
    expect(result.stdout).toContain('contacts.account_id -> accounts (made in the same batch, before it)');
    expect(result.stdout).toMatch(
      /contacts\.status: "active" \(1,\d{3}\), "prospect" \(\d+\), "inactive" \(\d+\)/,
    );
    const module = readFileSync(DATASET_FILE, 'utf8');
    expect(module).toContain(
      "email: { presence: 1, types: { string: 1 }, string: { kind: 'email' }, unique: true }",
    );
    expect(module).toMatch(/score: \{ presence: 0\.2\d+, types: \{ int: 1 \}/);
    expect(module).toContain("'tags[]': { presence: 1, types: { string: 1 }, string: { kind: 'category'");
    expect(module).toContain("'address.city': { presence: 1, types: { string: 1 }, string: { kind: 'city'");
    expect(module).toContain("link: 'users'");
    expect(module).toContain("parent: 'accounts'");
    // No value of the source but the kept categories: the canary and the emails are not there.
    expect(module).not.toContain(CANARY);
    for (const email of sourceEmails) expect(module).not.toContain(email);
    expect(readdirSync(join(DIR, 'migrations'))).toEqual([`20251010120000-${NAME}.ts`]);
  });

  test('the generated module and seed file pass tsc --strict as they are', async () => {
    const tsc = await runProcess(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
        '--strict',
        '--noEmit',
        '--module',
        'node16',
        '--moduleResolution',
        'node16',
        '--target',
        'ES2022',
        '--types',
        'node',
        '--skipLibCheck',
        DATASET_FILE,
        SEED_FILE,
      ],
      { cwd: DIR, timeoutMs: 120_000 },
    );
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);
  });

  test('migrate-mongo up seeds it; fidelity passes every threshold', async () => {
    const up = await migrate(t, ['up']);
    expectOk(up);
    expect(up.stdout).toMatch(/accounts +300 +ids 301\.\.600/);
    expect(up.stdout).toMatch(/contacts +3000 +ids 3001\.\.6000/);
    const fidelity = await cli(['fidelity', '--seed-file', SEED_FILE, '--db', t.name]);
    console.log(fidelity.stdout);
    expect(fidelity.stderr).toBe('');
    expect(fidelity.stdout).toContain('fidelity: every threshold met');
    expect(fidelity.code).toBe(0);
    const json = await cli([
      'fidelity',
      '--seed-file',
      SEED_FILE,
      '--db',
      t.name,
      '--collection',
      'contacts',
      '--json',
    ]);
    const report = JSON.parse(json.stdout) as {
      ok: boolean;
      reports: { checks: { name: string; ok: boolean }[] }[];
    };
    expect(report.ok).toBe(true);
    expect(report.reports[0]!.checks.map((c) => c.name)).toEqual([
      'same field paths',
      'references owner_id',
      'references account_id',
      'no duplicate keys',
      'no source string outside the kept categories',
    ]);
  });

  test('the generated data holds neither the canary nor any source email', async () => {
    const batch = `20251010120000-${NAME}`;
    for (const name of ['accounts', 'contacts']) {
      const docs = await t.db.collection(name).find({ seed_batch: batch }).toArray();
      const all = new Set(docs.flatMap((d) => strings(d)));
      expect([...all].some((s) => s.includes(CANARY))).toBe(false);
      expect(sourceEmails.filter((e) => all.has(e))).toEqual([]);
    }
  });

  test('every crm-seed command takes the seed file: verify, stats, generate, import, cleanup', async () => {
    const verify = await cli(['verify', '--seed-file', SEED_FILE, '--db', t.name]);
    expect(verify.stdout).toContain('verify: OK');
    const stats = await cli(['stats', '--seed-file', SEED_FILE, '--db', t.name, '--json']);
    expect(JSON.parse(stats.stdout)).toMatchObject({ collections: { contacts: { seeded: 3000 } } });
    const out = join(DIR, 'gen');
    const generate = await cli([
      'generate',
      '--seed-file',
      SEED_FILE,
      '--out',
      out,
      '--contacts',
      '20',
      '--accounts',
      '5',
    ]);
    expect(generate.code).toBe(0);
    expect(readFileSync(join(out, 'contacts.jsonl'), 'utf8').trim().split('\n')).toHaveLength(20);
    const rows = join(DIR, 'rows.jsonl');
    writeFileSync(rows, `${JSON.stringify({ tenant_id: 1, status: 'active' })}\n`);
    const imported = await cli([
      'import',
      rows,
      '--seed-file',
      SEED_FILE,
      '--db',
      t.name,
      '--collection',
      'contacts',
      '--batch',
      'scaffold-import',
    ]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const cleaned = await cli(['cleanup', '--batch', 'scaffold-import', '--yes', '--db', t.name]);
    expect(cleaned.code).toBe(0);
    expect(await t.db.collection('contacts').countDocuments({ seed_batch: 'scaffold-import' })).toBe(0);
  });

  test('down removes exactly the generated documents', async () => {
    expectOk(await migrate(t, ['down']));
    const after = await snapshotDatabase(t.db, [
      'counters',
      'seed_batches',
      'seed_locks',
      'changelog',
      'changelog_lock',
    ]);
    for (const name of ['users', 'accounts', 'contacts', 'leads']) expect(after[name]).toEqual(before[name]);
  });
});

describe('determinism of a scaffolded dataset', () => {
  const load = (file: string): AnyDataset => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(file) as { dataset: AnyDataset }).dataset;
  };
  const values = { randomSeed: 7, refDate: FIXTURE_REF_DATE, contacts: 500, accounts: 50 };
  const existing = new Map([['users', Array.from({ length: 20 }, (_, i) => ({ id: i + 1 }))]]);

  beforeAll(async () => {
    // The module of the acceptance run above, scaffolded again (its directory is gone by now).
    mkdirSync(DIR, { recursive: true });
    const t = await openTestDb('scaffold_det');
    try {
      await plantCrm(t.db);
      const result = await scaffoldPlanted(t.name, '--force');
      expect(result.code).toBe(0);
    } finally {
      await t.drop();
    }
  });
  afterAll(() => rmSync(DIR, { recursive: true, force: true }));

  test('the same seed and reference date give the same documents', () => {
    const dataset = load(DATASET_FILE);
    const a = generateAll(planOf(dataset, values, { existing }));
    const b = generateAll(planOf(dataset, values, { existing }));
    expect(b).toEqual(a);
    expect(a['contacts']).toHaveLength(500);
    const c = generateAll(planOf(dataset, { ...values, randomSeed: 8 }, { existing }));
    expect(c['contacts']![0]).not.toEqual(a['contacts']![0]);
  });

  test('a field added to the module changes no other field’s values', () => {
    const text = readFileSync(DATASET_FILE, 'utf8');
    const added = text.replace(
      'export const contactsFields: FieldSpecs = {\n',
      "export const contactsFields: FieldSpecs = {\n  nickname: { presence: 0.5, types: { string: 1 }, string: { kind: 'firstName', lengths: [] } },\n",
    );
    expect(added).not.toBe(text);
    const copy = join(DIR, `${NAME}-added.dataset.ts`);
    writeFileSync(copy, added);
    const a = generateAll(planOf(load(DATASET_FILE), values, { existing }));
    const b = generateAll(planOf(load(copy), values, { existing }));
    const without = (docs: Record<string, unknown>[]) => docs.map(({ nickname: _, ...rest }) => rest);
    expect(b['contacts']!.some((d) => typeof d['nickname'] === 'string')).toBe(true);
    expect(without(b['contacts']!)).toEqual(a['contacts']);
    expect(b['accounts']).toEqual(a['accounts']);
  });
});
