import { InterruptedError } from '../../errors';
import { redactSecrets } from '../../redact';
import { INTERRUPT_EXIT_CODES, interruptSignalOf } from '../interrupts';

/**
 * A seed's `up` or `down` stopped by SIGINT/SIGTERM (after cleaning up and releasing the
 * lock) ends the process here, with one line saying what was left and the signal's exit
 * code: migrate-mongo would print the error with its stack and exit 1, and after an `up`
 * must not go on to the next migration.
 */
export function exitIfInterrupted(err: unknown, what: string): void {
  const signal = interruptSignalOf(err);
  if (!signal || !(err instanceof InterruptedError)) return;
  // stderr is synchronous for files and pipes on Linux: the line is out before the exit.
  process.stderr.write(`${redactSecrets(`interrupted by ${signal} during ${what}: ${err.outcome}`)}\n`);
  process.exit(INTERRUPT_EXIT_CODES[signal]);
}
