import { openTestDb, snapshotDatabase } from '../support/test-db';
import type { TestDb } from '../support/test-db';
import { seedBatch } from './support/seeding';
import { tempDir } from './support/temp-dir';
import { Terminal } from './support/terminal';

/** The interactive paths, driven through a real terminal (tmux) running the real bin. */
describe('crm-seed on a terminal', () => {
  let t: TestDb;
  let terminal: Terminal | undefined;
  beforeEach(async () => {
    t = await openTestDb('tty');
    await seedBatch(t.db, 'batch-a', 12); // ids 1..12
    await seedBatch(t.db, 'batch-b', 8); // ids 13..20
  });
  afterEach(async () => {
    terminal?.close();
    terminal = undefined;
    await t.drop();
  });

  const seededCalls = (): Promise<number> =>
    t.db.collection('calls').countDocuments({ seed_batch: { $exists: true } });
  const PROMPT = 'Type DELETE to delete these documents';

  test('the DELETE prompt: any other answer deletes nothing (exit 4)', async () => {
    const before = await snapshotDatabase(t.db, ['seed_locks']);
    terminal = Terminal.start(['cleanup', '--batch', 'batch-a', '--db', t.name], {});
    const screen = await terminal.waitFor(PROMPT);
    expect(screen).toMatch(/Will delete batch "batch-a"[^\n]*\n\s+calls\s+12\n\s+activity_logs\s+12/);
    terminal.typeLine('delete');
    expect(await terminal.exitCode()).toBe(4);
    expect(terminal.screen()).toContain('Aborted: the confirmation was not DELETE; nothing deleted.');
    expect(await snapshotDatabase(t.db, ['seed_locks'])).toEqual(before);
  });

  test('the DELETE prompt: typing DELETE deletes the selection', async () => {
    terminal = Terminal.start(['cleanup', '--ids', '10-15', '--db', t.name], {});
    await terminal.waitFor(PROMPT);
    terminal.typeLine('DELETE');
    expect(await terminal.exitCode()).toBe(0);
    expect(terminal.screen()).toContain('Deleted 6 calls and 6 activity logs.');
    expect(await seededCalls()).toBe(14);
  });

  test('no selector: the menu removes by count after DELETE, shows statistics, and quits', async () => {
    terminal = Terminal.start(['cleanup', '--db', t.name], {});
    await terminal.waitFor('Remove seeded calls and their activity logs:');
    terminal.keys('Down', 'Down', 'Enter'); // By count
    await terminal.waitFor('How many of the newest seeded calls?');
    terminal.typeLine('0');
    await terminal.waitFor('the count must be a whole number of calls, 1 or more');
    terminal.keys('BSpace');
    terminal.typeLine('5');
    await terminal.waitFor(PROMPT);
    terminal.typeLine('DELETE');
    await terminal.waitFor('Deleted 5 calls and 5 activity logs.');

    await terminal.waitFor(/Deleted 5 calls[\s\S]*Remove seeded calls and their activity logs:/);
    terminal.keys('Down', 'Down', 'Down', 'Enter'); // Show statistics
    await terminal.waitFor(/batch-b\s+│ complete\s+│ calls\s+│ 3\s+│ 13\.\.15/);
    await terminal.waitFor(
      /batch-b\s+│ complete\s+│ calls\s+│ 3[\s\S]*Remove seeded calls and their activity logs:/,
    );
    terminal.keys('Up', 'Enter'); // Quit (the list wraps)
    expect(await terminal.exitCode()).toBe(0);
    expect(await seededCalls()).toBe(15);
  });

  test('the menu by batch lists the batches; declining at the prompt returns to the menu', async () => {
    terminal = Terminal.start(['cleanup', '--db', t.name], {});
    await terminal.waitFor('Remove seeded calls and their activity logs:');
    terminal.keys('Enter'); // By batch
    await terminal.waitFor('batch-b (8 calls, 8 activity_logs)');
    terminal.keys('Down', 'Enter');
    await terminal.waitFor(PROMPT);
    terminal.typeLine('no');
    await terminal.waitFor(/nothing deleted\.[\s\S]*Remove seeded calls and their activity logs:/);
    terminal.keys('Up', 'Enter');
    expect(await terminal.exitCode()).toBe(0);
    expect(await seededCalls()).toBe(20);
  });

  test('progress: a bar with rate and ETA on a terminal', async () => {
    const dir = tempDir();
    terminal = Terminal.start(['generate', '--calls', '20000', '--out', 'calls.jsonl'], {}, dir);
    expect(await terminal.exitCode()).toBe(0);
    expect(terminal.screen()).toMatch(/writing \[#+\] 100% \| 20000\/20000 calls \| [\d,]+\/s \| ETA 0s/);
  });
});
