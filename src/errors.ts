/**
 * The error hierarchy every layer throws, by origin: bad input detected before touching the
 * server (ConfigError), the server unreachable or failing (DatabaseError), a guard refusing to
 * act (SafetyError). Each carries a stable `code` that callers can branch on, and the fields
 * that matter (batch, lock holder). Exit codes and stack policy belong to the edges (the CLI's
 * bin, the migrate-mongo adapter), not here.
 */

export type ConfigErrorCode =
  /** A setting (option, env var, flag, config-file key) has a bad value or is unknown. */
  | 'BAD_SETTING'
  /** An input file, flag combination or seed definition is invalid. */
  | 'BAD_INPUT'
  /** Which migrate-mongo (and so which changelog) runs a seed cannot be told for sure. */
  | 'HOST_UNKNOWN'
  /** A dataset's make() threw, or set a field the engine owns (id, _id, the marker, the run) to another value. */
  | 'DATASET_FAILED'
  /** A collection setting names a collection that already has another role in the run. */
  | 'COLLECTION_ROLE'
  /** A dataset's required link found no live record to point at (nothing written). */
  | 'LINK_EMPTY';

export type DatabaseErrorCode =
  | 'DB_UNREACHABLE'
  | 'AUTH_FAILED'
  /** The connection went away mid-run (server stopped, network cut). */
  | 'CONNECTION_LOST'
  /** The server refused or failed an operation. */
  | 'DB_OPERATION_FAILED'
  /** A unique index already holds a value a written document has (E11000): the data collides. */
  | 'DUPLICATE_KEY'
  /** The app's id counter holds something that is not an integer, or kept moving back. */
  | 'COUNTER_INVALID';

export type SafetyErrorCode =
  | 'PRODUCTION_REFUSED'
  /** Another run holds the seed lock. */
  | 'LOCK_HELD'
  /** This run lost the lock (taken over, or not renewed in time) and stopped writing. */
  | 'LOCK_LOST'
  /** The seed file was applied by another run meanwhile. */
  | 'ALREADY_APPLIED'
  /** A batch marker that is already used by other documents. */
  | 'MARKER_IN_USE'
  /** What a cleanup showed changed before it ran. */
  | 'SELECTION_CHANGED'
  /** The app's id counter is behind the ids in its collection. */
  | 'COUNTER_BEHIND'
  /** The user did not confirm a delete. */
  | 'NOT_CONFIRMED'
  /** An id above 2^53 - 1: verify cannot compare it exactly, so it gives no verdict. */
  | 'ID_NOT_EXACT'
  /** The seed lock document is malformed or dated ahead of the server's clock. */
  | 'LOCK_INVALID'
  /** A seed file the changelog lists as applied is gone from its folder (deleted or renamed). */
  | 'SEED_FILE_MISSING'
  /** A document of the seed's own state (registry, changelog) is malformed. */
  | 'STATE_INVALID'
  /** Documents carry a batch's marker but no registry entry of this tool proves they are its: never deleted automatically. */
  | 'UNPROVEN_BATCH'
  /** A complete batch of that name exists: a second run would replace it (only when asked to). */
  | 'BATCH_EXISTS';

export type IoErrorCode =
  /** A file could not be read or written (missing, no permission, no space left): the path and cause are named. */
  'IO_FAILED';

export type InterruptedErrorCode =
  /** The caller's AbortSignal stopped the run (e.g. Ctrl-C at the CLI); the error says what was left. */
  'INTERRUPTED';

export type ErrorCode =
  ConfigErrorCode | DatabaseErrorCode | SafetyErrorCode | IoErrorCode | InterruptedErrorCode;

/** Who holds the seed lock, as told in LOCK_HELD errors. */
export interface LockHolder {
  readonly command: string;
  readonly batch: string;
  readonly pid: number;
  readonly host: string;
  readonly acquiredAt: Date;
}

export interface ErrorFields {
  readonly cause?: unknown;
  /** The batch (seed_batch marker) the failed operation worked on. */
  readonly batch?: string;
  readonly holder?: LockHolder;
}

export abstract class SeedError extends Error {
  abstract readonly code: ErrorCode;
  readonly batch: string | undefined;
  readonly holder: LockHolder | undefined;

  constructor(message: string, fields: ErrorFields = {}) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.name = new.target.name;
    this.batch = fields.batch;
    this.holder = fields.holder;
  }
}

/** A configuration value, flag, input row or seed definition is invalid; nothing was written. */
export class ConfigError extends SeedError {
  readonly code: ConfigErrorCode;
  constructor(message: string, fields: ErrorFields & { code?: ConfigErrorCode } = {}) {
    super(message, fields);
    this.code = fields.code ?? 'BAD_SETTING';
  }
}

/** The server is unreachable, rejected credentials, or failed an operation. */
export class DatabaseError extends SeedError {
  readonly code: DatabaseErrorCode;
  constructor(message: string, fields: ErrorFields & { code?: DatabaseErrorCode } = {}) {
    super(message, fields);
    this.code = fields.code ?? 'DB_OPERATION_FAILED';
  }
}

/** A guard refused to act: production target, a lock held by a live run, a batch already applied. */
export class SafetyError extends SeedError {
  readonly code: SafetyErrorCode;
  constructor(message: string, fields: ErrorFields & { code: SafetyErrorCode }) {
    super(message, fields);
    this.code = fields.code;
  }
}

/** The same error with another message (what a run did about it added): same class, code and fields. */
export function withMessage<E extends SeedError>(err: E, message: string): E {
  const copy = Object.create(Object.getPrototypeOf(err) as object) as E;
  Object.assign(copy, err);
  Object.defineProperty(copy, 'message', { value: message, writable: true, configurable: true });
  Object.defineProperty(copy, 'stack', {
    value: `${err.name}: ${message}`,
    writable: true,
    configurable: true,
  });
  Object.defineProperty(copy, 'cause', { value: err.cause ?? err, writable: true, configurable: true });
  return copy;
}

/** Documents per collection. */
export type Counts = Readonly<Record<string, number>>;

export interface InterruptedFields {
  readonly command: string;
  readonly batch: string;
  /** The AbortSignal's reason, as the caller gave it (the CLI and the seed adapter pass the signal's name). */
  readonly reason: unknown;
  /** What was said about the database after stopping: the line an entry point prints. */
  readonly outcome: string;
  /**
   * Documents removed per collection: by this run's own undo (up, import), or before it
   * stopped (down, cleanup).
   */
  readonly removed?: Counts;
  /** Documents of the batch or selection still in the database, per collection (down, cleanup). */
  readonly left?: Counts;
  readonly cause?: unknown;
}

/**
 * The run was asked to stop (its AbortSignal aborted): it issued no new writes, let those in
 * flight settle, took back its own writes where the operation is all or nothing (up,
 * import), released the lock, and says in `outcome` what is in the database now.
 */
export class InterruptedError extends SeedError {
  readonly code: InterruptedErrorCode = 'INTERRUPTED';
  readonly command: string;
  readonly reason: unknown;
  readonly outcome: string;
  readonly removed: Counts;
  readonly left: Counts;

  constructor(fields: InterruptedFields) {
    super(`${fields.command} of ${fields.batch} interrupted: ${fields.outcome}`, {
      batch: fields.batch,
      ...(fields.cause === undefined ? {} : { cause: fields.cause }),
    });
    this.command = fields.command;
    this.reason = fields.reason;
    this.outcome = fields.outcome;
    this.removed = fields.removed ?? {};
    this.left = fields.left ?? {};
  }

  /** The same interruption, with what the run found or did after stopping. */
  with(fields: Pick<InterruptedFields, 'outcome'> & Partial<InterruptedFields>): InterruptedError {
    const { command, batch, reason, removed, left } = this;
    return new InterruptedError({ command, batch: batch ?? '', reason, removed, left, ...fields });
  }
}

/** A file of the user's could not be read or written; the message names the path and the cause. */
export class IoError extends SeedError {
  readonly code: IoErrorCode = 'IO_FAILED';
}

/**
 * A removal stopped between two deletes because it was asked to (a signal, a lost lock): the
 * deletes done stay done (removing is idempotent, so running it again finishes). Carries the
 * reason's code, and what was removed per collection before stopping.
 */
export class RemovalStopped extends SeedError {
  readonly code: ErrorCode;
  constructor(
    readonly reason: Error,
    readonly removed: Readonly<Record<string, number>>,
  ) {
    super(reason.message, { cause: reason });
    this.code = reason instanceof SeedError ? reason.code : 'INTERRUPTED';
  }
}

/** Thrown inside an export loop when its signal aborted; the export turns it into an InterruptedError. */
export class ExportStop extends SeedError {
  readonly code: InterruptedErrorCode = 'INTERRUPTED';
}
