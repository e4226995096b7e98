import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './cli/support/cli';
import { z } from 'zod';
import { expectOk, MIGRATE_MONGO_BIN, ROOT, runProcess } from './support/run-process';
import type { ProcessResult } from './support/run-process';
import { openTestDb, snapshotDatabase } from './support/test-db';
import type { TestDb } from './support/test-db';
import { killStartedProcesses, startMigrate } from './faults/support/seed-process';

/**
 * A dataset of another team's own collections, declared with defineSeed in a plain-JS
 * repository (test/fixtures/tasks-repo) and run by migrate-mongo: the public API only.
 */
const REPO = join(ROOT, 'test', 'fixtures', 'tasks-repo');
const BATCH = '20260301000000-tasks';

const migrate = (db: string, args: string[], env: Record<string, string> = {}): Promise<ProcessResult> =>
  runProcess(process.execPath, [MIGRATE_MONGO_BIN, ...args], { cwd: REPO, env: { MONGO_DB: db, ...env } });

/** The app's own data the seed must leave alone: tasks with ids 1-50 and no counter, contacts of two tenants. */
async function appData(t: TestDb): Promise<void> {
  await t.db
    .collection('tasks')
    .insertMany(Array.from({ length: 50 }, (_, i) => ({ id: i + 1, title: `app task ${i}` })));
  await t.db.collection('contacts').insertMany([
    { id: 7, tenant_id: 1, name: 'Ada' },
    { id: 8, tenant_id: 1, name: 'Gone', deleted: 1 },
    { id: 9, tenant_id: 2, name: 'Other tenant' },
    { id: 11, tenant_id: 1, name: 'Grace' },
  ]);
}

const taskSchema = z.object({
  id: z.number().int(),
  title: z.string().min(1),
  done: z.boolean(),
  contact_id: z.union([z.literal(7), z.literal(11)]),
  seed_batch: z.literal(BATCH),
});

async function expectExactBatch(t: TestDb, tasks: number): Promise<void> {
  const seeded = await t.db.collection('tasks').find({ seed_batch: BATCH }).sort({ id: 1 }).toArray();
  const notes = await t.db.collection('task_notes').find({ seed_batch: BATCH }).sort({ id: 1 }).toArray();
  expect(seeded).toHaveLength(tasks);
  expect(notes).toHaveLength(tasks * 2);
  // Ids from the app's counter, contiguous, above the app's own ids.
  const ids = seeded.map((d) => d['id'] as number);
  expect(ids[0]).toBeGreaterThan(50);
  expect(ids[ids.length - 1]! - ids[0]!).toBe(tasks - 1);
  for (const doc of seeded) taskSchema.parse(doc);
  // Every note belongs to a task of the batch, two per task.
  const perTask = new Map<unknown, number>();
  for (const note of notes) perTask.set(note['task_id'], (perTask.get(note['task_id']) ?? 0) + 1);
  expect([...perTask.keys()].sort()).toEqual([...ids].sort());
  expect([...perTask.values()].every((n) => n === 2)).toBe(true);
}

describe('defineSeed: a custom two-collection dataset through migrate-mongo', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb('custom_dataset');
    await appData(t);
  });
  afterAll(async () => {
    await killStartedProcesses();
    await t.drop();
  });

  test('up: exact counts, ids above the app ids, children linked to parents, links to live contacts of the tenant', async () => {
    const before = await snapshotDatabase(t.db);
    const up = await migrate(t.name, ['up']);
    expectOk(up);
    expect(up.stdout).toContain(`Seeded batch ${BATCH} into ${t.name}`);
    expect(up.stdout).toMatch(/tasks +300 +ids 51\.\.350/);
    expect(up.stdout).toMatch(/task_notes +600 +ids 1\.\.600/);
    await expectExactBatch(t, 300);
    const registry = await t.db.collection('seed_batches').findOne({ _id: BATCH as never });
    expect(registry).toMatchObject({
      state: 'complete',
      seedFile: `${BATCH}.js`,
      collections: [
        { name: 'tasks', count: 300, ids: 'counter', first: 51, last: 350 },
        { name: 'task_notes', count: 600, ids: 'counter', first: 1, last: 600 },
      ],
    });
    // The app's documents are untouched.
    const after = await snapshotDatabase(t.db);
    expect(after['contacts']).toEqual(before['contacts']);
    expect((after['tasks'] as object[]).filter((d) => !('seed_batch' in d))).toEqual(before['tasks']);
  });

  test('verify --seed-file checks the dataset’s schema and parent links; a broken link fails', async () => {
    const seedFile = join(REPO, 'migrations', `${BATCH}.js`);
    const ok = await cli(['verify', '--seed-file', seedFile, '--json', '--db', t.name]);
    const result = JSON.parse(ok.stdout) as {
      ok: boolean;
      checks: { name: string; problem: { count: number } }[];
    };
    expect(result.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'tasks: seeded documents pass the schema',
        'task_notes: every document belongs to a tasks document of its batch',
        'tasks: every document has its 2 task_notes',
        'the batch registry matches the documents',
      ]),
    );
    expect(result.checks.filter((c) => c.problem.count > 0)).toEqual([]);
    expect(ok.code).toBe(0);
    await t.db.collection('task_notes').updateOne({ seed_batch: BATCH }, { $set: { task_id: 1 } });
    const broken = await cli(['verify', '--seed-file', seedFile, '--db', t.name]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(
      '✗ task_notes: every document belongs to a tasks document of its batch: 1 problem',
    );
    expect(broken.stdout).toContain('✗ tasks: every document has its 2 task_notes: 1 problem');
  });

  test('down removes exactly the batch from both collections; the app data stays byte-identical', async () => {
    const down = await migrate(t.name, ['down']);
    expectOk(down);
    expect(down.stdout).toContain(`removed batch ${BATCH}: 300 tasks, 600 task_notes`);
    expect(await t.db.collection('tasks').countDocuments()).toBe(50);
    expect(await t.db.collection('task_notes').countDocuments()).toBe(0);
    expect(await t.db.collection('seed_batches').countDocuments({ _id: BATCH as never })).toBe(0);
  });

  test('kill -9 mid-up: the next up gives exact counts', async () => {
    const run = startMigrate(
      ['up'],
      { MONGO_DB: t.name, TASKS_COUNT: '3000', SEED_BATCH_SIZE: '200', SEED_TEST_PAUSE_AT: 'mid-calls' },
      { cwd: REPO },
    );
    await run.paused('mid-calls');
    run.kill();
    await run.done;
    const partial = await t.db.collection('tasks').countDocuments({ seed_batch: BATCH });
    expect(partial).toBeGreaterThanOrEqual(1500);
    expect(partial).toBeLessThan(3000);
    expect(await t.db.collection('seed_batches').findOne({ _id: BATCH as never })).toMatchObject({
      state: 'writing',
    });

    const up = await migrate(t.name, ['up'], { TASKS_COUNT: '3000' });
    expectOk(up);
    expect(up.stderr).toMatch(/removed \d+ tasks, \d+ task_notes left by an interrupted run/);
    await expectExactBatch(t, 3000);
    expectOk(await migrate(t.name, ['down']));
  });

  test('generate --seed-file writes one file per collection, the same for the same seed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crm-seed-generate-'));
    try {
      const seedFile = join(REPO, 'migrations', `${BATCH}.js`);
      const args = [
        'generate',
        '--seed-file',
        seedFile,
        '--out',
        dir,
        '--seed',
        '5',
        '--ref-date',
        '2025-10-10',
      ];
      const first = await cli(args);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      const tasks = readFileSync(join(dir, 'tasks.jsonl'), 'utf8');
      const notes = readFileSync(join(dir, 'task_notes.jsonl'), 'utf8');
      expect(tasks.trim().split('\n')).toHaveLength(300);
      expect(notes.trim().split('\n')).toHaveLength(600);
      expect(await cli([...args, '--force'])).toMatchObject({ code: 0 });
      expect(readFileSync(join(dir, 'tasks.jsonl'), 'utf8')).toBe(tasks);
      expect(readFileSync(join(dir, 'task_notes.jsonl'), 'utf8')).toBe(notes);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('two ups at once: one batch', async () => {
    const [a, b] = await Promise.all([migrate(t.name, ['up']), migrate(t.name, ['up'])]);
    expect([a.code, b.code].filter((c) => c === 0).length).toBeGreaterThanOrEqual(1);
    await expectExactBatch(t, 300);
    expect(await t.db.collection('changelog').countDocuments()).toBe(1);
    const loser = a.code === 0 ? b : a;
    if (loser.code !== 0)
      expect(loser.stderr).toMatch(/another seed run holds the lock|was applied by another run/);
    expectOk(await migrate(t.name, ['down']));
  });
});
