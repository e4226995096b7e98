import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The repository root: children run from here, as a user runs the tools. */
export const ROOT = join(__dirname, '..');

export interface ChildResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** From spawn() to the process's exit, start-up included. */
  readonly ms: number;
}

/** Runs one process to its end (from the repository root unless told), output captured. */
export function runChild(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = ROOT,
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let exitedAt = 0;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', () => (exitedAt = performance.now()));
    child.on('close', (code) =>
      resolve({ code, stdout, stderr, ms: (exitedAt || performance.now()) - started }),
    );
  });
}

/** The result, or an error with the child's output when it failed. */
export function expectSuccess(what: string, result: ChildResult): ChildResult {
  if (result.code !== 0) {
    throw new Error(`${what} exited with ${String(result.code)}:\n${result.stdout}${result.stderr}`);
  }
  return result;
}
