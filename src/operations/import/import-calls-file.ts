import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import { oversize } from '../../write/document-size';
import type { Settings } from '../../config/settings-table';
import { ConfigError, DatabaseError, InterruptedError, SafetyError } from '../../errors';
import { readDocRows } from '../../files/doc-file-reader';
import type { FileFormat } from '../../files/file-format';
import { toDatasetChunk } from '../../datasets/crm-calls';
import type { DatasetChunk } from '../../generate/dataset-generation';
import type { Logger } from '../../logger';
import type { ActivityLogDoc, CallDoc } from '../../schema/call-schema';
import { ACTIVITY_LOGS, CALLS, ukeyOf } from '../../datasets/crm-calls';
import { reserveIdBlocks } from '../../write/id-blocks';
import type { IdBlock } from '../../write/id-blocks';
import { explainDuplicateKey } from '../../write/duplicate-key';
import { writeChunks } from '../../write/insert-pipeline';
import { completeBatch, findBatch, registerBatch } from '../../write/batch-registry';
import { takeBack, takeBackOwn } from '../batch-removal';
import { runGuarded } from '../guarded-operation';
import { lifecycleEmitter } from '../lifecycle';
import { counterOf, guardOf } from '../settings-views';
import { activityLogForCall } from '../../generate/activity-log-for-call';
import { isSeedFileMarker, reservedMarkerMessage } from '../../schema/marker';
import { callFromRow, REQUIRED_FIELDS } from './call-from-row';
import type { RowDefaults } from './call-from-row';

export interface ImportFile {
  readonly path: string;
  /** How messages name the file (as the user wrote it). */
  readonly name: string;
  readonly format: FileFormat;
  readonly batch: string;
}

export interface ValidatedFile extends ImportFile {
  readonly rows: number;
  /** The tenants the rows belong to: their ukeys' ids count as taken. */
  readonly tenants: readonly number[];
}

/** Bad rows listed in the error message; the rest are counted. */
const LISTED_BAD_ROWS = 10;

/** Import time and identity defaults, the same in both passes. */
export function rowDefaults(settings: Settings, batch: string): RowDefaults {
  return {
    batch,
    tenantId: settings.tenantId,
    userId: settings.userId,
    importedAt: settings.refDate ?? new Date(0),
  };
}

/**
 * Pass one, before anything touches the database: every row is read and checked. Any bad
 * row refuses the whole file (ConfigError listing the first bad lines), so an import is
 * all or nothing. Memory stays flat: rows are counted, not kept.
 */
export async function validateImportFile(
  file: ImportFile,
  settings: Settings,
  onProgress?: (rows: number) => void,
): Promise<ValidatedFile> {
  const defaults = rowDefaults(settings, file.batch);
  const bad: string[] = [];
  let badCount = 0;
  let rows = 0;
  const tenants = new Set<number>();
  for await (const entry of readDocRows(file.path, file.format, file.name)) {
    const result = 'error' in entry ? entry : sizeChecked(callFromRow(entry.row, 1, defaults));
    if ('error' in result) {
      badCount++;
      if (bad.length < LISTED_BAD_ROWS) bad.push(`  line ${entry.line}: ${result.error}`);
    } else {
      rows++;
      tenants.add(result.call.tenant_id);
      if (rows % 1000 === 0) onProgress?.(rows);
    }
  }
  if (badCount > 0) {
    const more = badCount > bad.length ? `\n  ... and ${badCount - bad.length} more bad rows` : '';
    throw new ConfigError(
      `${file.name}: ${badCount} bad row${badCount > 1 ? 's' : ''}, nothing imported:\n${bad.join('\n')}${more}\n` +
        `Fields are named as in the calls schema; required: ${REQUIRED_FIELDS.join(', ')} (see docs/cli.md)`,
      { code: 'BAD_INPUT' },
    );
  }
  if (rows === 0)
    throw new ConfigError(`${file.name} holds no calls; nothing imported`, { code: 'BAD_INPUT' });
  return { ...file, rows, tenants: [...tenants] };
}

/** The server refuses documents over its size limit: refused here, before anything is written. */
function sizeChecked<R extends { call: CallDoc } | { error: string }>(result: R): R | { error: string } {
  if ('error' in result) return result;
  const why = oversize(result.call);
  return why === undefined ? result : { error: `the call is ${why}` };
}

export interface ImportOptions {
  /** Calls written so far. */
  readonly onProgress?: ((callsWritten: number) => void) | undefined;
  /**
   * Aborting it stops the import: no new writes, those in flight settle, every call and log
   * imported so far is removed again (all or nothing), the lock is released, and an
   * InterruptedError says so.
   */
  readonly signal?: AbortSignal | undefined;
}

export interface ImportResult {
  readonly batch: string;
  readonly calls: IdBlock;
  readonly logs: IdBlock;
  readonly elapsedMs: number;
}

/**
 * Pass two: guard, lock, refuse a marker already in use, reserve ids from the app's
 * counters (file ids are never kept: they could collide with ids the app hands out), then
 * stream the rows through the same pipeline as the seed, each call with its activity log.
 * If writing fails midway, or the import is interrupted, what was written is removed again
 * by its marker.
 */
export async function importCallsFile(
  db: Db,
  file: ValidatedFile,
  settings: Settings,
  logger: Logger,
  { onProgress, signal }: ImportOptions = {},
): Promise<ImportResult> {
  const started = Date.now();
  const emit = lifecycleEmitter(undefined);
  const batch = file.batch;
  const options = { db, command: 'import', batch, guard: guardOf(settings), logger, emit, signal } as const;
  const runId = randomUUID();
  return runGuarded(options, async (run) => {
    await assertBatchUnused(db, file.batch);
    const keys = (name: string) => (name === CALLS ? file.tenants.map(ukeyOf) : []);
    const blocks = await reserveIdBlocks(db, counterOf(settings), [CALLS, ACTIVITY_LOGS], file.rows, keys);
    const calls = blocks[CALLS];
    const logs = blocks[ACTIVITY_LOGS];
    const registered = [CALLS, ACTIVITY_LOGS].map((name) => ({
      name,
      count: file.rows,
      ids: 'counter' as const,
      ...blocks[name as keyof typeof blocks],
    }));
    run.checkpoint();
    await registerBatch(
      db,
      { _id: file.batch, collections: registered, seedFile: file.name, runId, owner: IMPORT_OWNER },
      new Date(),
    );
    // From here on this run's marker is its own: a failed write takes back what was written.
    run.onFailure((failure) =>
      failure instanceof InterruptedError
        ? takeBack(db, failure, runId, emit)
        : rollBack(db, file.batch, runId, failure),
    );
    emit({ type: 'ids-reserved', batch, blocks });
    const defaults = { ...rowDefaults(settings, file.batch), run: runId };
    const chunks = importChunks(file, defaults, calls, logs, settings.batchSize);
    const chunkSize = settings.batchSize;
    await writeChunks(db, chunks, {
      concurrency: settings.concurrency,
      onProgress: (written) => {
        emit({ type: 'progress', batch, written, total: file.rows });
        onProgress?.(written);
      },
      stopReason: run.stopReason,
      afterParents: (chunk) =>
        emit({ type: 'chunk-parents-written', batch, chunk, chunkSize, total: file.rows }),
    });
    run.checkpoint();
    await completeBatch(db, file.batch, runId, new Date());
    return { batch: file.batch, calls, logs, elapsedMs: Date.now() - started };
  });
}

/** The registry owner of imported batches (BatchEntry.owner). */
const IMPORT_OWNER = 'import';

/** A marker is in use when the batch registry lists it. */
async function assertBatchUnused(db: Db, batch: string): Promise<void> {
  if (isSeedFileMarker(batch)) {
    throw new ConfigError(reservedMarkerMessage(batch), { code: 'BAD_INPUT', batch });
  }
  const entry = await findBatch(db, batch);
  if (entry) {
    const counts = entry.collections.map((c) => `${c.count} ${c.name}`).join(', ');
    throw new SafetyError(
      `marker "${batch}" is already in use (${counts}); ` +
        `pass another --batch, or remove it first with: crm-seed cleanup --batch ${batch}`,
      { code: 'MARKER_IN_USE', batch },
    );
  }
}

/** Rows become chunks of calls + logs with ids from the reserved blocks, re-checked as they go. */
async function* importChunks(
  file: ValidatedFile,
  defaults: RowDefaults,
  calls: IdBlock,
  logs: IdBlock,
  chunkSize: number,
): AsyncGenerator<DatasetChunk> {
  let callBuffer: CallDoc[] = [];
  let logBuffer: ActivityLogDoc[] = [];
  let n = 0;
  for await (const entry of readDocRows(file.path, file.format, file.name)) {
    const result = 'error' in entry ? entry : callFromRow(entry.row, calls.first + n, defaults);
    if ('error' in result || n >= file.rows) {
      throw new ConfigError(
        `${file.name} changed while it was being imported (line ${entry.line}); stopped`,
        { code: 'BAD_INPUT' },
      );
    }
    callBuffer.push(result.call);
    logBuffer.push(activityLogForCall(result.call, logs.first + n));
    n++;
    if (callBuffer.length >= chunkSize) {
      yield toDatasetChunk({ calls: callBuffer, logs: logBuffer });
      callBuffer = [];
      logBuffer = [];
    }
  }
  if (callBuffer.length > 0) yield toDatasetChunk({ calls: callBuffer, logs: logBuffer });
  if (n !== file.rows) {
    throw new ConfigError(
      `${file.name} changed while it was being imported (${n} rows, was ${file.rows}); stopped`,
      { code: 'BAD_INPUT' },
    );
  }
}

/** The error to report after taking back what a failed import wrote (by its marker). */
async function rollBack(db: Db, batch: string, runId: string, failure: unknown): Promise<Error> {
  // A duplicate key names its collection, index and value rather than the server's bare E11000.
  const explained = await explainDuplicateKey(db, failure);
  const cause = explained
    ? new DatabaseError(`import failed: ${explained.message}`, { code: explained.code, cause: failure })
    : failure;
  const reason = cause instanceof Error ? cause.message : String(cause);
  try {
    const removed = await takeBackOwn(db, batch, runId);
    const n = (name: string): number => removed.collections[name] ?? 0;
    return wrap(
      cause,
      `${reason}; removed the ${n(CALLS)} calls and ${n(ACTIVITY_LOGS)} activity logs written so far`,
    );
  } catch {
    return wrap(
      cause,
      `${reason}; some calls may have been written: remove them with crm-seed cleanup --batch ${batch}`,
    );
  }
}

function wrap(cause: unknown, message: string): Error {
  if (cause instanceof ConfigError) return new ConfigError(message, { code: cause.code, cause });
  if (cause instanceof SafetyError) return new SafetyError(message, { code: cause.code, cause });
  if (cause instanceof DatabaseError) return new DatabaseError(message, { code: cause.code, cause });
  return new DatabaseError(`import failed: ${message}`, { cause });
}
