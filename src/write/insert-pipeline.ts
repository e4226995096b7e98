import type { Db } from 'mongodb';
import { ConfigError } from '../errors';
import type { DatasetChunk } from '../generate/dataset-generation';
import { oversize } from './document-size';

export interface PipelineOptions {
  /** Chunks being written at once; generation of the next chunk overlaps with them. */
  readonly concurrency: number;
  /** Called after each chunk is fully written, with the number of root documents written so far. */
  readonly onProgress?: (rootsWritten: number) => void;
  /** Checked before each chunk: a reason to stop (e.g. the lock was lost), or undefined. */
  readonly stopReason?: () => Error | undefined;
  /** Called after a chunk's first (parent) collection is written, before its children. */
  readonly afterParents?: (chunkIndex: number) => Promise<void> | void;
}

/**
 * Streams generated chunks into the database: unordered bulk inserts, a bounded number of
 * chunks in flight, and the next chunk generated while earlier ones are on the wire. Within a
 * chunk the collections are written in order, parents before children, so an interrupted run
 * leaves at worst parents without children. Memory stays flat whatever the count because
 * chunks are pulled lazily from the iterator.
 */
export async function writeChunks(
  db: Db,
  chunks: Iterable<DatasetChunk> | AsyncIterable<DatasetChunk>,
  options: PipelineOptions,
): Promise<number> {
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  let written = 0;
  let index = 0;

  const writeChunk = async (chunk: DatasetChunk, chunkIndex: number): Promise<void> => {
    for (const [position, group] of chunk.groups.entries()) {
      if (group.docs.length > 0) {
        await db
          .collection(group.collection)
          .insertMany(group.docs, { ordered: false })
          .catch((err: unknown) => {
            throw tooLarge(group.collection, group.docs) ?? err;
          });
      }
      if (position === 0) await options.afterParents?.(chunkIndex);
    }
    written += chunk.roots;
    options.onProgress?.(written);
  };

  // Async sources (import reads a file) work too; a source that throws still waits for the
  // writes in flight, so the caller sees a settled database.
  try {
    for await (const chunk of chunks) {
      const chunkIndex = index++;
      const stop = options.stopReason?.();
      if (stop) failure ??= stop;
      if (failure !== undefined) break;
      const write = writeChunk(chunk, chunkIndex)
        .catch((err: unknown) => {
          failure ??= err;
        })
        .finally(() => inFlight.delete(write));
      inFlight.add(write);
      if (inFlight.size >= options.concurrency) await Promise.race(inFlight);
    }
  } finally {
    await Promise.all(inFlight);
  }
  if (failure !== undefined) throw failure instanceof Error ? failure : new Error(JSON.stringify(failure));
  return written;
}

/**
 * A document over the server's size limit makes the driver's serializer fail with words that
 * name neither the collection nor the document: found here (only after a failed insert), named.
 */
function tooLarge(collection: string, docs: readonly Record<string, unknown>[]): ConfigError | undefined {
  for (const doc of docs) {
    const why = oversize(doc);
    if (why === undefined) continue;
    const which = doc['id'] ?? doc['_id'];
    return new ConfigError(
      `a document of collection ${collection} (id ${String(which)}) is ${why}; make() must build smaller documents`,
      { code: 'DATASET_FAILED' },
    );
  }
  return undefined;
}
