import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../support/run-process';
import { BIN } from './cli';

/**
 * A real terminal for the interactive paths: the real bin runs in a tmux pane (its own tmux
 * server per terminal), keys are sent with send-keys, the screen is read with capture-pane.
 * The pane stays after the process exits, so the screen can still be read.
 */
export class Terminal {
  private constructor(
    private readonly socket: string,
    private readonly dir: string,
  ) {}

  static start(args: readonly string[], env: Record<string, string>, cwd = ROOT): Terminal {
    const dir = mkdtempSync(join(tmpdir(), 'crm-seed-tty-'));
    // A socket of its own, inside the temp dir: its own server, removed with the dir.
    const socket = join(dir, 'tmux.sock');
    const config = join(dir, 'tmux.conf');
    writeFileSync(config, 'set -g remain-on-exit on\nset -g history-limit 5000\n');
    // The shell records the exit status in a file: tmux's own pane_dead_status is sometimes
    // never set when the process exits right as its terminal closes.
    const command = `${[process.execPath, BIN, ...args].map(shellQuote).join(' ')}; echo $? > ${shellQuote(join(dir, 'exit-status'))}`;
    const envArgs = Object.entries({ FORCE_COLOR: '0', ...env }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    execFileSync('tmux', [
      '-S',
      socket,
      '-f',
      config,
      'new-session',
      '-d',
      '-s',
      'cli',
      '-x',
      '200',
      '-y',
      '60',
      '-c',
      cwd,
      ...envArgs,
      command,
    ]);
    return new Terminal(socket, dir);
  }

  /** Everything printed so far, scrollback included, wrapped lines joined. */
  screen(): string {
    return this.tmux(['capture-pane', '-p', '-J', '-S', '-', '-t', 'cli']);
  }

  /** The screen with its colour and attribute escape sequences (capture-pane -e). */
  screenWithEscapes(): string {
    return this.tmux(['capture-pane', '-p', '-e', '-J', '-S', '-', '-t', 'cli']);
  }

  async waitFor(pattern: RegExp | string, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (typeof pattern === 'string' ? screen.includes(pattern) : pattern.test(screen)) return screen;
      if (Date.now() > deadline) {
        throw new Error(
          `terminal did not show ${String(pattern)} within ${timeoutMs} ms; screen:\n${screen}`,
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Types text literally, then presses Enter. */
  typeLine(text: string): void {
    if (text !== '') this.tmux(['send-keys', '-t', 'cli', '-l', text]);
    this.keys('Enter');
  }

  /** Named keys: Down, Up, Enter, C-c ... */
  keys(...names: string[]): void {
    this.tmux(['send-keys', '-t', 'cli', ...names]);
  }

  /** Waits for the process to end and returns its exit status. */
  async exitCode(timeoutMs = 30_000): Promise<number> {
    const file = join(this.dir, 'exit-status');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
      if (text.endsWith('\n')) return Number(text.trim());
      if (Date.now() > deadline) {
        throw new Error(`process still running after ${timeoutMs} ms; screen:\n${this.screen()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  close(): void {
    try {
      this.tmux(['kill-server']);
    } catch {
      // already gone
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private tmux(args: readonly string[]): string {
    return execFileSync('tmux', ['-S', this.socket, ...args], { encoding: 'utf8' });
  }
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
