import { PassThrough } from 'node:stream';
import { colorEnabled } from 'crm-calls-seed/internal';
import { openTestDb } from '../support/test-db';
import type { TestDb } from '../support/test-db';
import { cli } from './support/cli';
import { seedBatch } from './support/seeding';
import { Terminal } from './support/terminal';

const ESC = '\u001b';
/** Any escape sequence: colours (SGR) and anything else a terminal would interpret. */
const ANSI = new RegExp(`${ESC}\\[`);
/** What cli-table3 colours by default, with the CLI's own codes: red headings, grey borders. */
const RED_HEADING = `${ESC}[31mcollection${ESC}[39m`;
const GREY_BORDER = new RegExp(`${ESC}\\[90m[┌─┬┐│├┼┤└┴┘]+${ESC}\\[39m`);
const SGR = new RegExp(`${ESC}\\[\\d+m`, 'g');

describe('colour: NO_COLOR, FORCE_COLOR, terminal', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb('color');
    await seedBatch(t.db, 'batch-a', 5);
  });
  afterAll(async () => t.drop());

  const stats = (env: Record<string, string | undefined>, tty = false) =>
    cli(['stats', '--db', t.name], { env, tty });

  test('NO_COLOR=1: the stats tables have no escape sequences, on a terminal and with FORCE_COLOR', async () => {
    for (const run of [
      await stats({ NO_COLOR: '1', FORCE_COLOR: undefined }, true),
      await stats({ NO_COLOR: '1', FORCE_COLOR: '1' }, true),
      await stats({ NO_COLOR: '1', FORCE_COLOR: undefined }),
    ]) {
      expect(run.code).toBe(0);
      // The tables themselves (their layout is stats.test.ts's business).
      expect(run.stdout).toContain('│ batch-a');
      expect(run.stdout).not.toMatch(ANSI);
      expect(run.stderr).not.toMatch(ANSI);
    }
  });

  test('FORCE_COLOR=1: red headings and grey borders even when stdout is not a terminal', async () => {
    const { code, stdout } = await stats({ NO_COLOR: undefined, FORCE_COLOR: '1' });
    expect(code).toBe(0);
    expect(stdout).toMatch(ANSI);
    expect(stdout).toContain(RED_HEADING);
    expect(stdout).toMatch(GREY_BORDER);
    // The colours wrap the text: the table is the same once they are taken out.
    const plain = await stats({ NO_COLOR: '1' });
    expect(stdout.replace(SGR, '')).toBe(plain.stdout);
  });

  test('neither set: colour only when stdout is a terminal; FORCE_COLOR=0 and an empty NO_COLOR', async () => {
    const none = { NO_COLOR: undefined, FORCE_COLOR: undefined };
    expect((await stats(none, true)).stdout).toContain(RED_HEADING);
    expect((await stats(none, false)).stdout).not.toMatch(ANSI);
    expect((await stats({ NO_COLOR: undefined, FORCE_COLOR: '0' }, true)).stdout).not.toMatch(ANSI);
    // An empty NO_COLOR does not count (no-color.org): the terminal decides.
    expect((await stats({ NO_COLOR: '', FORCE_COLOR: undefined }, true)).stdout).toContain(RED_HEADING);
  });

  test('--json is never coloured', async () => {
    const { code, stdout } = await cli(['stats', '--json', '--db', t.name], {
      env: { NO_COLOR: undefined, FORCE_COLOR: '1' },
    });
    expect(code).toBe(0);
    expect(stdout).not.toMatch(ANSI);
    expect(JSON.parse(stdout)).toMatchObject({ database: t.name });
  });

  test('the rule, from io alone', () => {
    const decide = (env: Record<string, string | undefined>, isTTY?: boolean): boolean =>
      colorEnabled({ env, stdout: Object.assign(new PassThrough(), isTTY === undefined ? {} : { isTTY }) });
    expect(decide({}, true)).toBe(true);
    expect(decide({}, false)).toBe(false);
    expect(decide({})).toBe(false);
    expect(decide({ NO_COLOR: '1' }, true)).toBe(false);
    expect(decide({ NO_COLOR: '0' }, true)).toBe(false); // any non-empty value
    expect(decide({ NO_COLOR: '' }, false)).toBe(false);
    expect(decide({ NO_COLOR: '', FORCE_COLOR: '1' }, false)).toBe(true);
    expect(decide({ NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false);
    expect(decide({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(decide({ FORCE_COLOR: 'false' }, true)).toBe(false); // as Node reads it
    expect(decide({ FORCE_COLOR: '3' }, false)).toBe(true);
    expect(decide({ FORCE_COLOR: '' }, false)).toBe(true);
    expect(decide({ FORCE_COLOR: '0' }, true)).toBe(false);
  });
});

/** The prompts (@inquirer/prompts) and the menu's statistics in a real terminal (tmux). */
describe('colour on a terminal: the cleanup menu', () => {
  let t: TestDb;
  let terminal: Terminal | undefined;
  beforeAll(async () => {
    t = await openTestDb('color_tty');
    await seedBatch(t.db, 'batch-a', 3);
  });
  afterEach(() => {
    terminal?.close();
    terminal = undefined;
  });
  afterAll(async () => t.drop());

  const MENU = 'Remove seeded calls and their activity logs:';

  /** Opens the menu, shows the statistics, quits; returns the screen with its escapes. */
  async function menuScreen(env: Record<string, string>): Promise<string> {
    terminal = Terminal.start(['cleanup', '--db', t.name], env);
    await terminal.waitFor(MENU);
    terminal.keys('Down', 'Down', 'Down', 'Enter'); // Show statistics
    await terminal.waitFor(/│ batch-a[\s\S]*Remove seeded calls and their activity logs:/);
    const screen = terminal.screenWithEscapes();
    terminal.keys('Up', 'Enter'); // Quit (the list wraps)
    expect(await terminal.exitCode()).toBe(0);
    return screen;
  }

  test('FORCE_COLOR=1: prompt and tables are coloured', async () => {
    const screen = await menuScreen({ NO_COLOR: '', FORCE_COLOR: '1' });
    expect(screen).toMatch(ANSI);
  });

  test('NO_COLOR=1 wins over FORCE_COLOR: no escape sequences on the screen', async () => {
    const screen = await menuScreen({ NO_COLOR: '1', FORCE_COLOR: '1' });
    expect(screen).toContain(MENU);
    expect(screen).not.toMatch(ANSI);
  });
});
