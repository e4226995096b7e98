import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObjectId } from 'mongodb';
import { defineDataset, optionTypes, removeSeedBatch, seedBatch } from 'crm-calls-seed';
import { BUILT_IN_DATASETS, checkAgreeing, optionsTableOf } from 'crm-calls-seed/internal';
import { cli } from './cli/support/cli';
import { expectOk, MIGRATE_MONGO_BIN, ROOT, runProcess } from './support/run-process';
import type { ProcessResult } from './support/run-process';
import { openTestDb, snapshotDatabase } from './support/test-db';
import type { TestDb } from './support/test-db';
import { tickets } from './fixtures/tickets-repo/tickets-dataset';

/**
 * A third dataset (test/fixtures/tickets-repo/tickets-dataset.ts), written against the public
 * contract alone, gets what the built-in ones get: its options as typed seed-file options,
 * env names and flags; its link to `members` by `org_id`; every entry point.
 */
const REPO = join(ROOT, 'test', 'fixtures', 'tickets-repo');
const BATCH = '20260501000000-tickets';
const SEED_FILE = join(REPO, 'migrations', `${BATCH}.ts`);
const DATASET_MODULE = join(REPO, 'tickets-dataset.ts');

const migrate = (db: string, args: string[], env: Record<string, string> = {}): Promise<ProcessResult> =>
  runProcess(process.execPath, [MIGRATE_MONGO_BIN, ...args], { cwd: REPO, env: { MONGO_DB: db, ...env } });

/** The organisation's members: two live ones of org 9, an archived one, and one of another org. */
async function members(t: TestDb): Promise<void> {
  await t.db.collection('members').insertMany([
    { id: 1, org_id: 9, name: 'Ada' },
    { id: 2, org_id: 9, name: 'Gone', archived: true },
    { id: 3, org_id: 4, name: 'Other org' },
    { id: 4, org_id: 9, name: 'Grace', archived: false },
  ]);
}

async function seeded(t: TestDb, batch: string): Promise<Record<string, unknown>[]> {
  return t.db.collection('tickets').find({ seed_batch: batch }).sort({ id: 1 }).toArray();
}

describe('a third dataset through plain migrate-mongo: up, status, down', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb('contract_migrate');
    await members(t);
  });
  afterAll(async () => t.drop());

  test('up: the seed file’s typed options, tickets assigned to live members of org 9 only, comments with ObjectIds', async () => {
    const up = await migrate(t.name, ['up']);
    expectOk(up);
    expect(up.stdout).toMatch(/tickets +40 +ids 1\.\.40/);
    expect(up.stdout).toMatch(/ticket_comments +80 +ids [0-9a-f]{24}\.\.[0-9a-f]{24}/);
    const docs = await seeded(t, BATCH);
    expect(docs).toHaveLength(40);
    expect(new Set(docs.map((d) => d['assignee_id']))).toEqual(new Set([1, 4]));
    expect(docs.every((d) => d['org_id'] === 9)).toBe(true);
    const comments = await t.db.collection('ticket_comments').find({ seed_batch: BATCH }).toArray();
    expect(comments).toHaveLength(80);
    expect(comments.every((c) => ObjectId.isValid(c['_id']))).toBe(true);
  });

  test('status lists it applied; down removes exactly the batch, the members stay', async () => {
    const status = await migrate(t.name, ['status']);
    expectOk(status);
    expect(status.stdout).toMatch(new RegExp(`${BATCH}\\.ts.*\\d{4}-`));
    const before = await snapshotDatabase(t.db);
    const down = await migrate(t.name, ['down']);
    expectOk(down);
    expect(down.stdout).toContain(`removed batch ${BATCH}: 40 tickets, 80 ticket_comments`);
    expect(await t.db.collection('tickets').countDocuments()).toBe(0);
    expect(await t.db.collection('ticket_comments').countDocuments()).toBe(0);
    expect((await snapshotDatabase(t.db))['members']).toEqual(before['members']);
  });

  test('an env option of the dataset (SEED_TICKETS) is read, below the seed file’s own options', async () => {
    expectOk(await migrate(t.name, ['up'], { SEED_OPEN_SHARE: '1', SEED_TICKETS: '3' }));
    const docs = await seeded(t, BATCH);
    expect(docs).toHaveLength(40); // the seed file's tickets: 40 wins over SEED_TICKETS
    expect(docs.every((d) => d['open'] === true)).toBe(true);
    expectOk(await migrate(t.name, ['down']));
  });

  test('without a live member of the org, up is refused in one line before anything is written', async () => {
    const other = await openTestDb('contract_empty');
    try {
      await other.db.collection('members').insertOne({ id: 1, org_id: 9, archived: true });
      const up = await migrate(other.name, ['up']);
      expect(up.code).toBe(1);
      expect(up.stderr).toContain(
        'dataset tickets: link "members" found no live record in members with org_id = 9; seed some first, or declare the link optional; nothing written',
      );
      expect(await other.db.collection('tickets').countDocuments()).toBe(0);
      expect(await other.db.collection('counters').countDocuments()).toBe(0);
    } finally {
      await other.drop();
    }
  });
});

describe('a third dataset through crm-seed: generate, import, cleanup, verify, stats', () => {
  let t: TestDb;
  let dir: string;
  beforeAll(async () => {
    t = await openTestDb('contract_cli');
    await members(t);
    dir = mkdtempSync(join(tmpdir(), 'crm-seed-contract-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.drop();
  });

  test('generate --seed-file: the seed file’s options, its flags on top, a file per collection', async () => {
    const out = join(dir, 'gen');
    const result = await cli([
      'generate',
      '--seed-file',
      SEED_FILE,
      '--out',
      out,
      '--comments',
      '1',
      '--seed',
      '3',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Generated 40 tickets with 40 ticket comments');
    expect(result.stdout).toContain('members: stand-in ids 1-1000');
    const rows = readFileSync(join(out, 'tickets.jsonl'), 'utf8').trim().split('\n');
    expect(rows).toHaveLength(40);
    expect(readFileSync(join(out, 'ticket_comments.jsonl'), 'utf8').trim().split('\n')).toHaveLength(40);
  });

  test('generate --dataset <module>: the dataset module with its own flags and help only', async () => {
    const help = await cli(['generate', '--dataset', DATASET_MODULE, '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--tickets <value>');
    expect(help.stdout).toMatch(/env\s+SEED_ORG_ID/);
    expect(help.stdout).not.toContain('--inbound-share');
    const dry = await cli(['generate', '--dataset', DATASET_MODULE, '--tickets', '5', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Would generate 5 tickets');
    const foreign = await cli([
      'generate',
      '--dataset',
      DATASET_MODULE,
      '--inbound-share',
      '0.9',
      '--dry-run',
    ]);
    expect(foreign).toEqual({
      code: 2,
      stdout: '',
      stderr: 'crm-seed: --inbound-share is an option of the crm-calls dataset, not of tickets\n',
    });
    const bad = await cli([
      'generate',
      '--dataset',
      DATASET_MODULE,
      '--tickets',
      '100000',
      '--comments',
      '5',
      '--dry-run',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('crm-seed: --tickets × --comments must stay under 200,000\n');
  });

  test('import of a tickets file into the seed file’s dataset, then cleanup --batch', async () => {
    const file = join(dir, 'incoming.jsonl');
    const row = (i: number) => ({
      org_id: 9,
      title: `Imported ${i}`,
      priority: 'low',
      open: true,
      assignee_id: 1,
      assignee_name: 'Ada',
      opened_at: '2026-01-01T00:00:00.000Z',
    });
    writeFileSync(file, Array.from({ length: 6 }, (_, i) => JSON.stringify(row(i))).join('\n') + '\n');
    const imported = await cli([
      'import',
      file,
      '--seed-file',
      SEED_FILE,
      '--db',
      t.name,
      '--batch',
      'tickets-in',
    ]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(await seeded(t, 'tickets-in')).toHaveLength(6);
    const removed = await cli(['cleanup', '--batch', 'tickets-in', '--yes', '--db', t.name]);
    expect(removed.code).toBe(0);
    expect(await t.db.collection('tickets').countDocuments()).toBe(0);
  });

  test('seedBatch from a script, then cleanup --ids and --last count in its collection; verify and stats know it', async () => {
    const result = await seedBatch({
      db: t.db,
      batch: 'script-tickets',
      dataset: tickets,
      options: { orgId: 9, tickets: 10 },
    });
    expect(result.collections.map((c) => [c.name, c.count])).toEqual([
      ['tickets', 10],
      ['ticket_comments', 20],
    ]);
    const verify = await cli(['verify', '--seed-file', SEED_FILE, '--db', t.name]);
    expect(verify.stdout).toContain('verify: OK');
    expect(verify.code).toBe(0);
    const stats = await cli(['stats', '--seed-file', SEED_FILE, '--db', t.name, '--json']);
    expect(stats.code).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({ collections: { tickets: { seeded: 10 } } });

    const first = (await seeded(t, 'script-tickets'))[0]!['id'] as number;
    const ids = await cli([
      'cleanup',
      '--seed-file',
      SEED_FILE,
      '--ids',
      `${first}-${first + 1}`,
      '--yes',
      '--db',
      t.name,
    ]);
    expect(ids.code).toBe(0);
    expect(await seeded(t, 'script-tickets')).toHaveLength(8);
    const last = await cli(['cleanup', '--seed-file', SEED_FILE, '--last', '3', '--yes', '--db', t.name]);
    expect(last.code).toBe(0);
    expect(await seeded(t, 'script-tickets')).toHaveLength(5);
    // Children go with their tickets.
    expect(await t.db.collection('ticket_comments').countDocuments({ seed_batch: 'script-tickets' })).toBe(
      10,
    );
    await removeSeedBatch({ db: t.db, batch: 'script-tickets' });
    expect(await t.db.collection('tickets').countDocuments()).toBe(0);
  });
});

describe('pick in a dataset of the first form, as the README shows it', () => {
  let t: TestDb;
  beforeAll(async () => (t = await openTestDb('contract_pick')));
  afterAll(async () => t.drop());

  test('pick(users).id gives a live user of the tenant, in the preflight too; tenantId scopes the links', async () => {
    await t.db.collection('users').insertMany([
      { id: 5, tenant_id: 9 },
      { id: 6, tenant_id: 9 },
      { id: 7, tenant_id: 2 },
      { id: 8, tenant_id: 9, deleted: 1 },
    ]);
    await seedBatch({
      db: t.db,
      batch: 'pick-users',
      tenantId: 9,
      links: [{ collection: 'users' }],
      collections: [
        {
          name: 'tickets',
          count: 30,
          make: ({ id, pick }) => ({ id, owner: pick('users').id }),
        },
      ],
    });
    const owners = new Set((await seeded(t, 'pick-users')).map((d) => d['owner']));
    expect(owners).toEqual(new Set([5, 6]));
  });
});

describe('one namespace per dataset for options', () => {
  test('generate --dataset crm-tasks --days 5 works; a calls option is refused in one line naming its dataset', async () => {
    const ok = await cli(['generate', '--dataset', 'crm-tasks', '--days', '5', '--tasks', '3', '--dry-run']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Would generate 3 tasks');
    const refused = await cli(['generate', '--dataset', 'crm-tasks', '--inbound-share', '0.9', '--dry-run']);
    expect(refused).toEqual({
      code: 2,
      stdout: '',
      stderr: 'crm-seed: --inbound-share is an option of the crm-calls dataset, not of crm-tasks\n',
    });
    const calls = await cli(['generate', '--dataset', 'crm-tasks', '--calls', '7', '--dry-run']);
    expect(calls.code).toBe(2);
    expect(calls.stderr).toContain('--calls is an option of the crm-calls dataset, not of crm-tasks');
  });

  test('the built-in datasets agree on every option they share; none takes an engine setting’s key, env or flag', () => {
    expect(() => checkAgreeing(BUILT_IN_DATASETS)).not.toThrow();
    const days = { type: optionTypes.integer(1, 10), default: 3, env: 'SEED_DAYS', flag: '--days' };
    const other = defineDataset({ name: 'other', options: { window: days }, collections: [] });
    expect(() => checkAgreeing([...BUILT_IN_DATASETS, other])).toThrow(
      /^datasets crm-calls and other both use SEED_DAYS, for days \(an integer from 1 to 3,650, default 30\) and window \(an integer from 1 to 10, default 3\); one name must mean one option$/,
    );
    const clash = defineDataset({
      name: 'clash',
      options: { batchSize: { type: BUILT_IN_DATASETS[0]!.options!['calls']!.type, default: 1 } },
      collections: [],
    });
    expect(() => optionsTableOf(clash)).toThrow(
      'dataset clash: option "batchSize" uses the key "batchSize", which is the engine\'s setting "batchSize"; rename the option',
    );
  });
});

describe('the README’s own-dataset seed file, run as printed', () => {
  let t: TestDb;
  beforeAll(async () => (t = await openTestDb('contract_readme')));
  afterAll(async () => t.drop());

  test('up writes its tickets owned by the org’s users; down removes exactly them', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = /```ts\n(\/\/ migrations\/(\S+)[^\n]*\n[^`]*defineDataset[^`]*)```/.exec(readme);
    if (!block) throw new Error('README: no ```ts block with the own-dataset seed file');
    // Inside the repository (tmp/ is ignored), so 'crm-calls-seed' and ts-node resolve as in a host.
    mkdirSync(join(ROOT, 'tmp'), { recursive: true });
    const host = mkdtempSync(join(ROOT, 'tmp', 'readme-host-'));
    try {
      mkdirSync(join(host, 'migrations'));
      writeFileSync(join(host, 'migrations', block[2]!), block[1]!);
      copyFileSync(join(REPO, 'migrate-mongo-config.js'), join(host, 'migrate-mongo-config.js'));
      await t.db.collection('users').insertMany([
        { id: 3, org_id: 9, name: 'Ada' },
        { id: 4, org_id: 2, name: 'Other org' },
      ]);
      const run = (args: string[]) =>
        runProcess(process.execPath, [MIGRATE_MONGO_BIN, ...args], { cwd: host, env: { MONGO_DB: t.name } });
      expectOk(await run(['up']));
      const docs = await t.db.collection('tickets').find().toArray();
      expect(docs).toHaveLength(50);
      expect(new Set(docs.map((d) => d['owner'] as unknown))).toEqual(new Set([3]));
      expectOk(await run(['down']));
      expect(await t.db.collection('tickets').countDocuments()).toBe(0);
    } finally {
      rmSync(host, { recursive: true, force: true });
    }
  });
});
