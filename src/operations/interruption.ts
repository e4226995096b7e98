import { InterruptedError } from '../errors';
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
