import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { MIGRATE_MONGO_BIN, ROOT } from '../../support/run-process';
import type { ProcessResult } from '../../support/run-process';

/** Where pause-at.cjs can stop a seed process. */
export type PausePoint =
  | 'before-lock'
  | 'after-reserve'
  | 'mid-calls'
  | 'between-calls-and-logs'
  | 'before-changelog'
  | 'before-removal';

/** Preloaded into every seed process: stops it where SEED_TEST_PAUSE_AT says. */
export const PAUSE_PRELOAD = join(__dirname, 'pause-at.cjs');

/**
 * A real `npx migrate-mongo …` process the test can pause, kill -9 or resume, with
 * SEED_TEST_PAUSE_AT (see pause-at.cjs): the process prints a marker and stops itself.
 */
export interface SeedProcess {
  readonly pid: number;
  /**
   * Resolves once the process printed the marker for `point` and stopped itself. With several
   * points, call it for each in turn: the n-th call for a point waits for its n-th marker.
   */
  paused(point: PausePoint): Promise<void>;
  kill(): void;
  /** Sends a signal (to a paused process it is delivered once resumed). */
  signal(name: NodeJS.Signals): void;
  resume(): void;
  readonly done: Promise<ProcessResult>;
  output(): string;
}

const started = new Set<SeedProcess>();

export function startMigrate(
  args: readonly string[],
  env: Record<string, string | undefined>,
  options: { cwd?: string; bin?: string } = {},
): SeedProcess {
  const fullEnv: Record<string, string | undefined> = {
    ...process.env,
    FORCE_COLOR: '0',
    NODE_OPTIONS: `--require ${PAUSE_PRELOAD}`,
    ...env,
  };
  for (const key of Object.keys(fullEnv)) if (fullEnv[key] === undefined) delete fullEnv[key];
  const child = spawn(process.execPath, [options.bin ?? MIGRATE_MONGO_BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: fullEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { marker: string; nth: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  const awaited = new Map<string, number>();
  const check = (): void => {
    for (const w of [...waiters]) {
      if (stderr.split(w.marker).length - 1 >= w.nth) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    check();
  });
  const done = new Promise<ProcessResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      started.delete(handle);
      for (const w of waiters.splice(0)) {
        w.reject(new Error(`process exited (${code ?? signal}) before "${w.marker}":\n${stdout}${stderr}`));
      }
      resolve({ code, signal, stdout, stderr });
    });
  });
  const handle: SeedProcess = {
    pid: child.pid ?? -1,
    paused: async (point) => {
      const marker = `SEED_TEST_PAUSED ${point} pid=`;
      const nth = (awaited.get(marker) ?? 0) + 1;
      awaited.set(marker, nth);
      await new Promise<void>((resolve, reject) => {
        waiters.push({ marker, nth, resolve, reject });
        check();
      });
      // The marker is printed just before the process stops itself: a SIGCONT sent in between would be lost.
      while (child.exitCode === null && child.signalCode === null && !isStopped(child.pid ?? -1))
        await sleep(5);
    },
    kill: () => child.kill('SIGKILL'),
    signal: (name) => child.kill(name),
    resume: () => child.kill('SIGCONT'),
    done,
    output: () => stdout + stderr,
  };
  started.add(handle);
  return handle;
}

/** Whether a process is stopped (state T in /proc/<pid>/stat; Linux). */
function isStopped(pid: number): boolean {
  try {
    return /^\d+ \(.*\) T /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** For afterEach: no process of a failed test is left running or stopped. */
export async function killStartedProcesses(): Promise<void> {
  const all = [...started];
  for (const p of all) p.kill();
  await Promise.all(all.map((p) => p.done.catch(() => undefined)));
}

/** The marker lines of the pause hook are test plumbing, not part of what a user sees. */
export function withoutPauseMarkers(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.startsWith('SEED_TEST_PAUSED '))
    .join('\n');
}
