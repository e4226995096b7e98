import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from './cli/support/cli';
import { tempDir } from './cli/support/temp-dir';
import { taskSchema } from 'crm-calls-seed/internal';
import { expectOk, MIGRATE_MONGO_BIN, ROOT, runProcess } from './support/run-process';
import type { ProcessResult } from './support/run-process';
import { openTestDb, snapshotDatabase } from './support/test-db';
import type { TestDb } from './support/test-db';

/**
 * The second built-in dataset, the CRM's tasks: every command a user runs on calls works on it
 * (generate, import, verify, stats, cleanup by ids and count, a seed file under migrate-mongo),
 * driven by what its folder declares.
 */
const REPO = join(ROOT, 'test', 'fixtures', 'tasks-repo');
const SEED_BATCH = '20260401000000-crm-tasks';
const FIXED = ['--seed', '5', '--ref-date', '2026-03-01T12:00:00.000Z'];

const migrate = (db: string, args: string[], env: Record<string, string> = {}): Promise<ProcessResult> =>
  runProcess(process.execPath, [MIGRATE_MONGO_BIN, ...args], {
    cwd: REPO,
    env: { MONGO_DB: db, MIGRATIONS_DIR: 'crm-tasks-migrations', ...env },
  });

function jsonLines(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function storedTasks(t: TestDb, batch: string): Promise<Record<string, unknown>[]> {
  return t.db.collection('tasks').find({ seed_batch: batch }).sort({ id: 1 }).toArray();
}

describe('the built-in tasks dataset (--dataset crm-tasks)', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await openTestDb('crm_tasks');
    // The app's own: one task without a marker, its counter ahead of it, a lead and a user of tenant 1.
    await t.db.collection('tasks').insertOne({ id: 7, title: 'app task', tenant_id: 1 });
    await t.db.collection('counters').insertOne({ _id: 'tasks', seq: 500 } as never);
    await t.db.collection('leads').insertOne({ id: 41, tenant_id: 1, name: 'Ada' });
    await t.db.collection('users').insertOne({ id: 3, tenant_id: 1, name: 'Grace' });
  });
  afterEach(async () => t.drop());

  test('generate writes tasks that pass the tasks schema; import, verify, stats and cleanup work on them', async () => {
    const dir = tempDir();
    const gen = await cli(['generate', '--dataset', 'crm-tasks', '--tasks', '40', '--out', 'out', ...FIXED], {
      cwd: dir,
    });
    expect(gen.stderr).toBe('');
    expect(gen.code).toBe(0);
    const generated = jsonLines(join(dir, 'out', 'tasks.jsonl'));
    expect(generated).toHaveLength(40);
    for (const task of generated) taskSchema.parse(task);

    const imported = await cli(['import', '--dataset', 'crm-tasks', 'out/tasks.jsonl', '--db', t.name], {
      cwd: dir,
    });
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const batch = 'import-tasks.jsonl';
    const tasks = await storedTasks(t, batch);
    expect(tasks.map((d) => d['id'])).toEqual(Array.from({ length: 40 }, (_, i) => 501 + i));
    for (const task of tasks) {
      expect(task['ukey']).toBe(`1000${String(task['id'])}`);
      expect(typeof task['seed_run']).toBe('string');
      taskSchema.parse(stripMongoId(task));
    }

    const verify = await cli(['verify', '--dataset', 'crm-tasks', '--db', t.name]);
    expect(verify.stdout).toContain('verify: OK (40 tasks seeded in 1 batch)');
    expect(verify.code).toBe(0);

    const stats = await cli(['stats', '--dataset', 'crm-tasks', '--json', '--db', t.name]);
    expect(stats.code).toBe(0);
    const figures = JSON.parse(stats.stdout) as { collections: Record<string, { seeded: number }> };
    expect(figures.collections['tasks']?.seeded).toBe(40);

    const byIds = await cli([
      'cleanup',
      '--dataset',
      'crm-tasks',
      '--ids',
      '501-510',
      '--yes',
      '--db',
      t.name,
    ]);
    expect(byIds.code).toBe(0);
    const byLast = await cli(['cleanup', '--dataset', 'crm-tasks', '--last', '5', '--yes', '--db', t.name]);
    expect(byLast.code).toBe(0);
    expect((await storedTasks(t, batch)).map((d) => d['id'])).toEqual(
      Array.from({ length: 25 }, (_, i) => 511 + i),
    );
    // The app's own task is untouched.
    expect(await t.db.collection('tasks').countDocuments({ id: 7, seed_batch: { $exists: false } })).toBe(1);
  });

  test('verify without --dataset knows the tasks schema once the registry holds a tasks batch: a broken task fails', async () => {
    const dir = tempDir();
    expect(
      (
        await cli(['generate', '--dataset', 'crm-tasks', '--tasks', '5', '--out', 'out', ...FIXED], {
          cwd: dir,
        })
      ).code,
    ).toBe(0);
    expect(
      (await cli(['import', '--dataset', 'crm-tasks', 'out/tasks.jsonl', '--db', t.name], { cwd: dir })).code,
    ).toBe(0);
    await t.db.collection('tasks').updateOne({ id: 502 }, { $set: { priority: 'Urgent' } });
    const verify = await cli(['verify', '--db', t.name]);
    expect(verify.stdout).toContain('✗ tasks: seeded documents pass the schema: 1 problem');
    expect(verify.code).toBe(1);
  });

  test('a bad row: one line naming the row and field, exit 2, nothing written', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'tasks.jsonl'),
      `${JSON.stringify({ title: 'Call back', due_date: '2026-03-02T10:00:00.000Z', related_to: 'Lead', related_to_id: 41, owner_id: 3 })}\n` +
        `${JSON.stringify({ due_date: '2026-03-02T10:00:00.000Z', related_to: 'Lead', related_to_id: 41, owner_id: 3 })}\n`,
    );
    const before = await snapshotDatabase(t.db);
    const result = await cli(['import', '--dataset', 'crm-tasks', 'tasks.jsonl', '--db', t.name], {
      cwd: dir,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing required field(s) title');
    expect(await snapshotDatabase(t.db)).toEqual(before);
  });

  test('an unknown dataset names the built-in ones: exit 2', async () => {
    const wrong = await cli(['generate', '--dataset', 'crm-leads', '--dry-run']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(
      '--dataset crm-leads is not a built-in dataset (there are crm-calls, crm-tasks)',
    );
  });

  test('a seed file under migrate-mongo: up links the tasks to the tenant’s records, down removes exactly them', async () => {
    const before = await snapshotDatabase(t.db);
    const up = await migrate(t.name, ['up']);
    expectOk(up);
    expect(up.stdout).toMatch(/tasks +60 +ids 501\.\.560/);
    const tasks = await storedTasks(t, SEED_BATCH);
    expect(tasks).toHaveLength(60);
    for (const task of tasks) {
      taskSchema.parse(stripMongoId(task));
      // The tenant has one lead and one user: every task is about that lead, owned by that user.
      expect(task).toMatchObject({ related_to: 'Lead', related_to_id: 41, owner_id: 3, tenant_id: 1 });
    }
    expectOk(await migrate(t.name, ['down']));
    const after = await snapshotDatabase(t.db);
    expect(after['tasks']).toEqual(before['tasks']);
    expect(after['leads']).toEqual(before['leads']);
  });

  test('a tasks seed file given a calls option (inboundShare): one line naming it, nothing written', async () => {
    const before = await snapshotDatabase(t.db);
    const up = await migrate(t.name, ['up'], { MIGRATIONS_DIR: 'crm-tasks-bad-migrations' });
    expect(up.code).not.toBe(0);
    const lines = up.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('unknown setting "inboundShare"');
    expect(lines[0]).toContain('not an option of the crm-tasks dataset');
    const after = await snapshotDatabase(t.db);
    expect(after['tasks']).toEqual(before['tasks']);
    expect(await t.db.collection('seed_batches').countDocuments()).toBe(0);
  });
});

function stripMongoId(doc: Record<string, unknown>): Record<string, unknown> {
  const { _id, ...rest } = doc;
  void _id;
  return rest;
}
