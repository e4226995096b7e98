import { ConfigError, DatabaseError, IoError, SafetyError } from '../../errors';
import { INTERRUPT_EXIT_CODES, interruptSignalOf } from '../interrupts';

/** Exit codes of crm-seed, documented in the README and docs/cli.md. */
export const ExitCode = {
  ok: 0,
  /** verify found problems, or anything unexpected (a bug: printed with its stack). */
  unexpected: 1,
  /** Bad configuration, flags or input files, a file that cannot be read or written, or a batch to clean up that nothing knows: nothing was written. */
  badInput: 2,
  /** The database could not be reached or refused an operation. */
  database: 3,
  /** A safety guard refused: production database, lock held by another run, already applied. */
  refused: 4,
  /** Stopped by SIGINT (Ctrl-C) during a write: what was left is printed. */
  interrupted: INTERRUPT_EXIT_CODES.SIGINT,
  /** Stopped by SIGTERM during a write: what was left is printed. */
  terminated: INTERRUPT_EXIT_CODES.SIGTERM,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit code for an error, by its origin (its class); the code inside says more. */
export function exitCodeOf(err: unknown): ExitCodeValue {
  const signal = interruptSignalOf(err);
  if (signal) return INTERRUPT_EXIT_CODES[signal];
  // A file that cannot be read or written is the user's to fix, like a bad flag: nothing was written.
  if (err instanceof ConfigError || err instanceof IoError) return ExitCode.badInput;
  if (err instanceof DatabaseError) return ExitCode.database;
  if (err instanceof SafetyError) return ExitCode.refused;
  return ExitCode.unexpected;
}
