/**
 * The error hierarchy every layer throws, so the edges (migrate-mongo, the CLI) can map
 * each kind to an exit code and print one line without a stack trace.
 */

/** Exit codes, documented in the README. */
export const ExitCode = {
  ok: 0,
  /** Anything unexpected (a bug): printed with its stack. */
  unexpected: 1,
  /** Bad configuration, flags or input files: nothing was written. */
  badInput: 2,
  /** The database could not be reached or refused an operation. */
  database: 3,
  /** A safety guard refused: production database, lock held by another run, already applied. */
  refused: 4,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export abstract class SeedError extends Error {
  abstract readonly exitCode: ExitCodeValue;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    // migrate-mongo prints `err.stack` after the message: keep expected failures to one line.
    if (!verboseErrors()) this.stack = '';
  }
}

/** A configuration value, flag or input row is invalid; detected before touching the server. */
export class ConfigError extends SeedError {
  readonly exitCode = ExitCode.badInput;
}

/** The server is unreachable, rejected credentials, or failed an operation. */
export class DatabaseError extends SeedError {
  readonly exitCode = ExitCode.database;
}

/** A guard refused to act: production target, a lock held by a live run, a batch already applied. */
export class SafetyError extends SeedError {
  readonly exitCode = ExitCode.refused;
}

export function verboseErrors(): boolean {
  // The one env read outside src/config: errors are built before any config exists.
  return process.env['SEED_VERBOSE'] === '1';
}

export function exitCodeOf(err: unknown): ExitCodeValue {
  return err instanceof SeedError ? err.exitCode : ExitCode.unexpected;
}
