import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { runCli } from 'crm-calls-seed/internal';
import { ROOT, runProcess } from '../../support/run-process';
import type { ProcessResult, RunOptions } from '../../support/run-process';

export const BIN = join(ROOT, 'bin', 'crm-seed.js');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly cwd?: string;
  /**
   * Environment variables over this process's environment; undefined removes one. NO_COLOR
   * and FORCE_COLOR are not inherited (FORCE_COLOR=0, as runProcess sets it), so output is
   * plain unless a test asks for colour.
   */
  readonly env?: Record<string, string | undefined>;
  /** Let stdout claim to be a terminal (isTTY), as a terminal would: colour by default. */
  readonly tty?: boolean;
  /** Read the host's migrate-mongo-config.js in cwd, as the installed bin does in a host repository. */
  readonly hostConfig?: boolean;
}

/**
 * The CLI in this process, through runCli with captured streams (stdin is not a terminal).
 * Fast, and exactly what bin/crm-seed.js calls; process-level behaviour (exit codes seen by a
 * shell, terminals) is tested through the real bin.
 */
export async function cli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const stdout = collect();
  const stderr = collect();
  const stdin = new PassThrough();
  stdin.end();
  const env: Record<string, string | undefined> = {
    ...process.env,
    NO_COLOR: undefined,
    FORCE_COLOR: '0',
    ...options.env,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const code = await runCli(args, {
    stdin,
    stdout: options.tty ? Object.assign(stdout.stream, { isTTY: true, columns: 120 }) : stdout.stream,
    stderr: stderr.stream,
    cwd: options.cwd ?? ROOT,
    env,
    hostConfig: options.hostConfig === true,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** The real bin in a child process, stdin a pipe (not a terminal). */
export function runBin(args: readonly string[], options: RunOptions = {}): Promise<ProcessResult> {
  return runProcess(process.execPath, [BIN, ...args], options);
}
