import { once } from 'node:events';
import type { EventEmitter } from 'node:events';
import { createWriteStream } from 'node:fs';
import { IoError } from '../errors';
import { csvLine } from './csv-text';
import { flattenDoc } from './flatten-doc';
import { fileError } from './file-errors';
import { openOutputFile } from './output-file';
import type { FileFormat } from './file-format';

export interface DocFileWriter {
  /** The file's path, or how an in-place stream is named ("standard output"). */
  readonly path: string;
  /** The temporary file the documents go to until finish(); none for a stream written in place. */
  readonly partial: string | undefined;
  /** Appends documents, waiting while the disk is behind (backpressure keeps memory flat). */
  write(docs: readonly Readonly<Record<string, unknown>>[]): Promise<void>;
  /** Flushes the partial file and reports any write failure; the target path is not touched yet. */
  close(): Promise<void>;
  /** Closes (if not yet closed) and moves the complete file into place. */
  finish(): Promise<void>;
  /** Deletes the unfinished file; the target path is left as it was. */
  abort(): Promise<void>;
}

export interface WriterOptions {
  readonly format: FileFormat;
  /** How messages name the file (as the user wrote it); default the path. */
  readonly name?: string;
  /** CSV header, in order; nested objects are written as dotted columns. */
  readonly columns: readonly string[];
  /** Replace an existing regular file instead of refusing. */
  readonly overwrite: boolean;
}

/**
 * A streaming JSONL or CSV writer. It writes to a temporary file of its own run beside the
 * target and puts it in place on finish (./output-file.ts: never through a link, never over
 * anything but the regular file that stood there), so an interrupted export never leaves a
 * truncated file under the requested name.
 */
export function openDocFileWriter(path: string, options: WriterOptions): DocFileWriter {
  const name = options.name ?? path;
  const output = openOutputFile(path, name, options.overwrite);
  const file = createWriteStream(output.partial, { fd: output.fd });
  return streamWriter(file, options, {
    path,
    name,
    partial: output.partial,
    end: () => file.end(),
    commit: () => output.commit(),
    discard: () => {
      file.destroy();
      output.discard();
    },
  });
}

/**
 * The same writer on a stream written in place (the CLI's standard output for `--out -`):
 * nothing to put in place, and the stream is not ended (it is not this writer's).
 */
export function openDocStreamWriter(
  stream: NodeJS.WritableStream,
  options: WriterOptions & { readonly name: string },
): DocFileWriter {
  return streamWriter(stream, options, {
    path: options.name,
    name: options.name,
    partial: undefined,
    end: () => undefined,
    commit: () => undefined,
    discard: () => undefined,
  });
}

interface Placement {
  readonly path: string;
  readonly name: string;
  readonly partial: string | undefined;
  /** Ends the stream (a file's), or not (a stream the writer does not own). */
  readonly end: () => void;
  readonly commit: () => void;
  readonly discard: () => void;
}

function streamWriter(
  file: NodeJS.WritableStream,
  options: WriterOptions,
  placement: Placement,
): DocFileWriter {
  const { path, name } = placement;
  let failure: unknown;
  let errorSeen = (): void => undefined;
  const errored = new Promise<void>((resolve) => (errorSeen = resolve));
  const onError = (err: unknown): void => {
    failure ??= err;
    errorSeen();
  };
  file.on('error', onError);
  // A file's stream closes when ended; a stream written in place only has to be drained.
  const closed =
    placement.partial === undefined
      ? undefined
      : once(file as unknown as EventEmitter, 'close').catch((err: unknown) => (failure ??= err));

  const fail = (): never => {
    const known = fileError(failure, 'write', path, name);
    if (known instanceof IoError) throw known;
    const reason = failure instanceof Error ? failure.message : String(failure);
    throw new IoError(`cannot write ${name}: ${reason}`, { cause: failure });
  };
  const encode =
    options.format === 'csv'
      ? (doc: Readonly<Record<string, unknown>>): string => {
          const flat = flattenDoc(doc);
          return csvLine(options.columns.map((column) => flat[column]));
        }
      : (doc: Readonly<Record<string, unknown>>): string => JSON.stringify(doc);
  if (options.format === 'csv') file.write(`${csvLine(options.columns)}\n`);

  let ended = false;
  const close = async (): Promise<void> => {
    if (!ended) placement.end();
    ended = true;
    await closed;
    file.removeListener('error', onError);
    if (failure !== undefined) {
      placement.discard();
      fail();
    }
  };

  return {
    path,
    partial: placement.partial,
    async write(docs) {
      if (failure !== undefined) fail();
      if (docs.length === 0) return;
      // One string per chunk, and wait while the disk is behind: memory stays at one chunk.
      if (!file.write(`${docs.map(encode).join('\n')}\n`)) {
        await Promise.race([once(file as unknown as EventEmitter, 'drain').catch(() => undefined), errored]);
      }
      if (failure !== undefined) fail();
    },
    close,
    async finish() {
      await close();
      placement.commit();
    },
    async abort() {
      placement.discard();
      await closed;
      file.removeListener('error', onError);
    },
  };
}
