import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { runCli } from '../../../src/adapters/cli/run-cli';
import { ROOT, runProcess } from '../../support/run-process';
import type { ProcessResult, RunOptions } from '../../support/run-process';

export const BIN = join(ROOT, 'bin', 'crm-seed.js');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The CLI in this process, through runCli with captured streams (stdin is not a terminal).
 * Fast, and exactly what bin/crm-seed.js calls; process-level behaviour (exit codes seen by a
 * shell, terminals) is tested through the real bin.
 */
export async function cli(args: readonly string[], options: { cwd?: string } = {}): Promise<CliResult> {
  const stdout = collect();
  const stderr = collect();
  const stdin = new PassThrough();
  stdin.end();
  const code = await runCli(args, {
    stdin,
    stdout: stdout.stream,
    stderr: stderr.stream,
    cwd: options.cwd ?? ROOT,
    env: process.env,
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
