import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

export interface ProcessResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly env?: Record<string, string | undefined>;
  readonly cwd?: string;
  readonly input?: string;
  readonly timeoutMs?: number;
}

/** Runs a real process to completion, with the test env (MONGO_URL) plus `env`. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, FORCE_COLOR: '0', ...options.env };
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    // A process that exits before reading its input closes the pipe: EPIPE is not a failure.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** migrate-mongo's own bin, as `npx migrate-mongo` runs it (without npx's overhead). */
export const MIGRATE_MONGO_BIN = join(ROOT, 'node_modules', 'migrate-mongo', 'bin', 'migrate-mongo.js');

/** `npx migrate-mongo <args>` in this repository: its migrate-mongo-config.js, no flags. */
export function runMigrate(args: readonly string[], options: RunOptions = {}): Promise<ProcessResult> {
  return runProcess(process.execPath, [MIGRATE_MONGO_BIN, ...args], options);
}

/** Fails with the process's output when it did not exit 0. */
export function expectOk(result: ProcessResult): void {
  if (result.code !== 0) throw new Error(`exit ${String(result.code)}:\n${result.stdout}\n${result.stderr}`);
}
