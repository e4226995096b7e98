import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { DocFileWriter } from '../files/doc-file-writer';
import { ExportStop, InterruptedError } from '../errors';
import type { Counts } from '../errors';
import { redactSecrets } from '../redact';

/** How to finish what an interrupted removal left. */
const FINISH: Readonly<Record<string, string>> = {
  up: 'run up again to finish',
  down: 'run down again to finish',
  recover: 'run up or down again to finish',
  cleanup: 'run the same cleanup again to finish',
  import: 'run the same cleanup again to finish',
};

/** The interruption a guarded run reports when its signal aborted before it wrote or removed anything. */
export function interruptedBefore(command: string, batch: string, reason: unknown): InterruptedError {
  const outcome =
    command === 'up'
      ? `nothing of batch ${batch} was written, and it is not applied`
      : command === 'import'
        ? 'nothing of this import was written'
        : 'nothing was removed';
  return new InterruptedError({ command, batch, reason, outcome });
}

/**
 * An interrupted removal (down, cleanup): what it removed of how many, what is left, and how
 * to finish. `totals` in write order (parents first); Infinity where the count is unknown.
 */
export function stoppedRemoval(stop: InterruptedError, removed: Counts, totals: Counts): InterruptedError {
  const names = Object.keys(totals).reverse(); // removal order: children first
  const left: Record<string, number> = {};
  const done = names.map((name) => {
    const n = removed[name] ?? 0;
    const total = totals[name] ?? Number.POSITIVE_INFINITY;
    if (Number.isFinite(total)) {
      if (total > n) left[name] = total - n;
      return `${count(n)} of ${count(total)} ${name}`;
    }
    return `${count(n)} ${name}`;
  });
  const unknown = names.some((name) => !Number.isFinite(totals[name] ?? Number.POSITIVE_INFINITY));
  const leftWords = Object.entries(left).map(([name, n]) => `${count(n)} ${name}`);
  if (unknown) leftWords.push('whatever else carries the marker');
  const outcome =
    `removed ${joined(done)}; ${leftWords.length > 0 ? `${joined(leftWords)} left` : 'nothing left'}; ` +
    (FINISH[stop.command] ?? 'run it again to finish');
  return stop.with({ outcome, removed, left });
}

/** An interrupted up or import after it took back its own documents. */
export function tookBack(stop: InterruptedError, removed: Counts): InterruptedError {
  const total = Object.values(removed).reduce((a, b) => a + b, 0);
  if (total === 0) {
    const before = interruptedBefore(stop.command, stop.batch ?? '', stop.reason);
    return stop.with({ outcome: before.outcome, removed });
  }
  const what = joined(
    Object.entries(removed)
      .reverse()
      .map(([name, n]) => `${count(n)} ${name}`),
  );
  const outcome =
    stop.command === 'import'
      ? `removed the ${what} imported so far; nothing of this import is left`
      : `removed the ${what} written so far; nothing of batch ${stop.batch ?? ''} is left, and it is not applied`;
  return stop.with({ outcome, removed });
}

/** An interrupted up or import whose own documents could not be taken back (the server failed meanwhile). */
export function couldNotTakeBack(stop: InterruptedError, err: unknown): InterruptedError {
  const why = redactSecrets(err instanceof Error ? err.message : String(err));
  const outcome =
    stop.command === 'import'
      ? `could not remove the documents imported so far (${why}); remove them with: crm-seed cleanup --batch ${stop.batch ?? ''}`
      : `could not remove the documents written so far (${why}); the next up or down of this seed removes them`;
  return stop.with({ outcome, cause: err });
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function joined(parts: readonly string[]): string {
  return parts.length <= 1
    ? (parts[0] ?? 'nothing')
    : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`;
}

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
