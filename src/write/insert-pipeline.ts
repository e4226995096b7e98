import type { Db } from 'mongodb';
import type { DocChunk } from '../generate/generation-plan';
import { ACTIVITY_LOGS, CALLS } from './collections';

export interface PipelineOptions {
  /** Chunks being written at once; generation of the next chunk overlaps with them. */
  readonly concurrency: number;
  /** Called after each chunk is fully written, with the number of calls written so far. */
  readonly onProgress?: (callsWritten: number) => void;
  /** Checked before each chunk: a reason to stop (e.g. the lock was lost), or undefined. */
  readonly stopReason?: () => Error | undefined;
  /** Called after a chunk's calls are written, before its logs (a test hook: the fault tests pause here). */
  readonly afterCalls?: (chunkIndex: number) => Promise<void> | void;
}

/**
 * Streams generated chunks into the database: unordered bulk inserts, a bounded number of
 * chunks in flight, and the next chunk generated while earlier ones are on the wire. Memory
 * stays flat whatever the count because chunks are pulled lazily from the iterator.
 */
export async function writeChunks(
  db: Db,
  chunks: Iterable<DocChunk> | AsyncIterable<DocChunk>,
  options: PipelineOptions,
): Promise<number> {
  const calls = db.collection(CALLS);
  const logs = db.collection(ACTIVITY_LOGS);
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  let written = 0;
  let index = 0;

  // Async sources (import reads a file) work too; a source that throws still waits for the
  // writes in flight, so the caller sees a settled database.
  try {
    for await (const chunk of chunks) {
      const chunkIndex = index++;
      const stop = options.stopReason?.();
      if (stop) failure ??= stop;
      if (failure !== undefined) break;
      // Calls before their logs, so an interrupted run leaves at worst calls without logs.
      const write = calls
        .insertMany(chunk.calls, { ordered: false })
        .then(() => options.afterCalls?.(chunkIndex))
        .then(() => logs.insertMany(chunk.logs, { ordered: false }))
        .then(() => {
          written += chunk.calls.length;
          options.onProgress?.(written);
        })
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
