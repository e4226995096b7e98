import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import {
  ConfigError,
  DatabaseError,
  InterruptedError,
  SafetyError,
  SeedError,
  withMessage,
} from '../../errors';
import { readDocRows } from '../../files/doc-file-reader';
import type { FileFormat } from '../../files/file-format';
import type { IdKey, RowImport } from '../../dataset/contract';
import type { DatasetChunk } from '../../generate/dataset-generation';
import type { Logger } from '../../logger';
import { isSeedFileMarker, reservedMarkerMessage } from '../../schema/marker';
import { completeBatch, findBatch, registerBatch } from '../../write/registry/batch-registry';
import { oversize } from '../../write/document-size';
import { missingCollections } from '../../write/removal/tidy';
import { explainDuplicateKey } from '../../write/ids/duplicate-key';
import { reserveIdBlocks } from '../../write/ids/id-blocks';
import type { CounterConfig, IdBlock } from '../../write/ids/id-blocks';
import { writeChunks } from '../../write/insert-pipeline';
import type { ProductionGuard } from '../../write/production-guard';
import { takeBack, takeBackOwn } from '../remove/batch-removal';
import { runGuarded } from '../guarded-operation';
import type { GuardedOptions } from '../guarded-operation';
import { lifecycleEmitter } from '../lifecycle';

export interface ImportFile {
  readonly path: string;
  /** How messages name the file (as the user wrote it). */
  readonly name: string;
  readonly format: FileFormat;
  readonly batch: string;
}

export interface ValidatedFile extends ImportFile {
  readonly rows: number;
  /** The id keys the rows' documents hold (their tenants' ukeys): the app's count as taken. */
  readonly idKeys: readonly IdKey[];
}

/** Bad rows listed in the error message; the rest are counted. */
const LISTED_BAD_ROWS = 10;

/**
 * Pass one, before anything touches the database: every row is read, mapped and checked, its
 * document's size included. Any bad row refuses the whole file (one line per listed bad row),
 * so an import is all or nothing. Memory stays flat: rows are counted, not kept.
 */
export async function validateImportFile(
  file: ImportFile,
  rows: RowImport,
  onProgress?: (rows: number) => void,
): Promise<ValidatedFile> {
  const bad: string[] = [];
  let badCount = 0;
  let count = 0;
  const keys = new Map<string, IdKey>();
  for await (const entry of readDocRows(file.path, file.format, file.name)) {
    const result =
      'error' in entry ? entry : sizeChecked(rows, rows.row(entry.row, 1, { batch: file.batch }));
    if ('error' in result) {
      badCount++;
      if (bad.length < LISTED_BAD_ROWS) bad.push(`  line ${entry.line}: ${result.error}`);
      continue;
    }
    for (const key of rows.idKeys?.(result.doc) ?? []) keys.set(JSON.stringify(key), key);
    if (++count % 1000 === 0) onProgress?.(count);
  }
  if (badCount > 0) {
    const more = badCount > bad.length ? `\n  ... and ${badCount - bad.length} more bad rows` : '';
    const hint = rows.hint ? `\n${rows.hint}` : '';
    throw new ConfigError(
      `${file.name}: ${badCount} bad row${badCount > 1 ? 's' : ''}, nothing imported:\n${bad.join('\n')}${more}${hint}`,
      { code: 'BAD_INPUT' },
    );
  }
  if (count === 0) {
    throw new ConfigError(`${file.name} holds no ${rows.noun}s; nothing imported`, { code: 'BAD_INPUT' });
  }
  return { ...file, rows: count, idKeys: [...keys.values()] };
}

/** The server refuses documents over its size limit: refused here, before anything is written. */
function sizeChecked<R extends { doc: Record<string, unknown> } | { error: string }>(
  rows: RowImport,
  result: R,
): R | { error: string } {
  if ('error' in result) return result;
  const why = oversize(result.doc);
  return why === undefined ? result : { error: `the ${rows.noun} is ${why}` };
}

/** What an import run takes besides the file: built at the edge from the settings. */
export interface ImportRun {
  readonly counter: CounterConfig;
  readonly guard: ProductionGuard;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly logger: Logger;
  /** Rows written so far. */
  readonly onProgress?: ((rows: number) => void) | undefined;
  /**
   * Aborting it stops the import: no new writes, those in flight settle, everything imported
   * so far is removed again (all or nothing), the lock is released, and an InterruptedError
   * says so.
   */
  readonly signal?: AbortSignal | undefined;
}

export interface ImportResult {
  readonly batch: string;
  /** The id block of each collection written. */
  readonly blocks: Readonly<Record<string, IdBlock>>;
  readonly elapsedMs: number;
}

/** The registry owner of imported batches (BatchEntry.owner). */
const IMPORT_OWNER = 'import';

/**
 * Pass two: guard, lock, refuse a marker already in use, reserve ids from the app's counters
 * (file ids are never kept: they could collide with ids the app hands out), then stream the
 * rows through the same pipeline as the seed, each with its derived documents, every one
 * stamped with the marker and this run's identity. If writing fails midway, or the import is
 * interrupted, what was written is taken back.
 */
export async function importFile(
  db: Db,
  file: ValidatedFile,
  rows: RowImport,
  run: ImportRun,
): Promise<ImportResult> {
  const started = Date.now();
  const emit = lifecycleEmitter(undefined);
  const { batch } = file;
  const options: GuardedOptions = {
    db,
    command: 'import',
    batch,
    guard: run.guard,
    logger: run.logger,
    emit,
    signal: run.signal,
  };
  const runId = randomUUID();
  const names = [rows.collection, ...(rows.derived ?? []).map((d) => d.collection)];
  return runGuarded(options, async (guarded) => {
    await assertBatchUnused(db, batch);
    const keys = (name: string): readonly IdKey[] => (name === rows.collection ? file.idKeys : []);
    const missing = await missingCollections(db, names);
    const blocks = await reserveIdBlocks(db, run.counter, names, file.rows, keys);
    const registered = names.map((name) => ({
      name,
      count: file.rows,
      ids: 'counter' as const,
      ...blocks[name],
      ...(missing.has(name) ? { created: true } : {}),
    }));
    guarded.checkpoint();
    const entry = { _id: batch, collections: registered, seedFile: file.name, runId, owner: IMPORT_OWNER };
    await registerBatch(db, entry, new Date());
    // From here on this run's marker is its own: a failed write takes back what was written.
    guarded.onFailure((failure) =>
      failure instanceof InterruptedError
        ? takeBack(db, failure, runId, emit)
        : rollBack(db, batch, runId, names, failure),
    );
    emit({ type: 'ids-reserved', batch, blocks });
    const chunks = importChunks(file, rows, blocks, { batch, run: runId }, run.batchSize);
    await writeChunks(db, chunks, {
      concurrency: run.concurrency,
      onProgress: (written) => {
        emit({ type: 'progress', batch, written, total: file.rows });
        run.onProgress?.(written);
      },
      stopReason: guarded.stopReason,
      afterParents: (chunk) =>
        emit({ type: 'chunk-parents-written', batch, chunk, chunkSize: run.batchSize, total: file.rows }),
    });
    guarded.checkpoint();
    await completeBatch(db, batch, runId, new Date());
    return { batch, blocks, elapsedMs: Date.now() - started };
  });
}

/** A marker is in use when the batch registry lists it; seed files' markers are theirs alone. */
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

/** Rows become chunks of documents with ids from the reserved blocks, checked again as they go. */
async function* importChunks(
  file: ValidatedFile,
  rows: RowImport,
  blocks: Readonly<Record<string, IdBlock>>,
  stamp: { readonly batch: string; readonly run: string },
  chunkSize: number,
): AsyncGenerator<DatasetChunk> {
  const derived = rows.derived ?? [];
  let groups = [rows.collection, ...derived.map((d) => d.collection)].map((collection) => ({
    collection,
    docs: [] as Record<string, unknown>[],
  }));
  let n = 0;
  for await (const entry of readDocRows(file.path, file.format, file.name)) {
    const result = 'error' in entry ? entry : rows.row(entry.row, blocks[rows.collection]!.first + n, stamp);
    if ('error' in result || n >= file.rows) {
      throw new ConfigError(
        `${file.name} changed while it was being imported (line ${entry.line}); stopped`,
        {
          code: 'BAD_INPUT',
        },
      );
    }
    groups[0]!.docs.push(result.doc);
    derived.forEach((d, i) => groups[i + 1]!.docs.push(d.make(result.doc, blocks[d.collection]!.first + n)));
    n++;
    if (groups[0]!.docs.length >= chunkSize) {
      yield { groups, roots: groups[0]!.docs.length };
      groups = groups.map((g) => ({ collection: g.collection, docs: [] }));
    }
  }
  if (groups[0]!.docs.length > 0) yield { groups, roots: groups[0]!.docs.length };
  if (n !== file.rows) {
    throw new ConfigError(
      `${file.name} changed while it was being imported (${n} rows, was ${file.rows}); stopped`,
      {
        code: 'BAD_INPUT',
      },
    );
  }
}

/** The error to report after taking back what a failed import wrote (by its proof). */
async function rollBack(
  db: Db,
  batch: string,
  runId: string,
  names: readonly string[],
  failure: unknown,
): Promise<Error> {
  // A duplicate key names its collection, index and value rather than the server's bare E11000.
  const explained = await explainDuplicateKey(db, failure);
  const cause = explained
    ? new DatabaseError(`import failed: ${explained.message}`, { code: explained.code, cause: failure })
    : failure;
  const reason = cause instanceof Error ? cause.message : String(cause);
  try {
    const removed = await takeBackOwn(db, batch, runId);
    return wrap(cause, `${reason}; removed the ${listRemoved(removed.collections, names)} written so far`);
  } catch {
    return wrap(
      cause,
      `${reason}; some documents may have been written: remove them with crm-seed cleanup --batch ${batch}`,
    );
  }
}

/** "120 tasks and 240 task notes", in the order the import writes them. */
function listRemoved(removed: Readonly<Record<string, number>>, names: readonly string[]): string {
  const parts = names.map((name) => `${removed[name] ?? 0} ${name.replace(/_/g, ' ')}`);
  return parts.length <= 1
    ? (parts[0] ?? 'nothing')
    : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`;
}

function wrap(cause: unknown, message: string): Error {
  // Our own errors keep their class and code (the exit code follows them); only the message grows.
  if (cause instanceof SeedError) return withMessage(cause, message);
  return new DatabaseError(`import failed: ${message}`, { cause });
}
