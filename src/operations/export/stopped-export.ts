import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { ExportStop, InterruptedError } from '../../errors';
import type { DocFileWriter } from '../../files/doc-file-writer';

/** Throws ExportStop when `signal` has aborted: checked between chunks, never inside one. */
export function stopIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ExportStop('export stopped');
}

/**
 * What an interrupted `generate` says once its writers are aborted (their temporary files
 * removed): how far it got, which partial files it removed from which folder, and that no
 * output file was written (an existing one, with --force, is as it was: only the partial file
 * was ever written). A partial file that could not be removed is named as left.
 */
export function stoppedExport(
  writers: readonly DocFileWriter[],
  batch: string,
  reason: unknown,
  progress: string,
  command: 'generate' | 'export' = 'generate',
): InterruptedError {
  const partials = writers.flatMap((w) => (w.partial === undefined ? [] : [w.partial]));
  const inPlace = writers.filter((w) => w.partial === undefined).map((w) => w.path);
  const left = partials.filter((p) => existsSync(p));
  const removed = partials.filter((p) => !left.includes(p));
  const parts = [`${command} stopped at ${progress}`];
  if (removed.length > 0) parts.push(`removed its partial ${files(removed)}`);
  if (left.length > 0) parts.push(`could not remove ${files(left)}: delete by hand`);
  if (inPlace.length > 0) parts.push(`${inPlace.join(', ')} got part of the output`);
  if (partials.length > 0 || writers.length === 0) {
    parts.push(writers.length > 0 ? 'no output file was written' : 'nothing was written (dry run)');
  }
  return new InterruptedError({ command, batch, reason, outcome: parts.join('; ') });
}

/** `files a.partial, b.partial in <folder>`, or each with its folder when they are in several. */
function files(paths: readonly string[]): string {
  const folders = new Set(paths.map((p) => dirname(p)));
  const noun = paths.length === 1 ? 'file' : 'files';
  if (folders.size === 1) return `${noun} ${paths.map((p) => basename(p)).join(', ')} in ${[...folders][0]!}`;
  return `${noun} ${paths.join(', ')}`;
}
