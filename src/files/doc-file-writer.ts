import { once } from 'node:events';
import { createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { ConfigError, IoError } from '../errors';
import { csvLine } from './csv-text';
import { flattenDoc } from './flatten-doc';
import { fileError } from './file-errors';
import type { FileFormat } from './file-format';

export interface DocFileWriter {
  readonly path: string;
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
  /** Replace an existing file instead of refusing. */
  readonly overwrite: boolean;
}

/**
 * A streaming JSONL or CSV writer. It writes to `<path>.partial` and renames on finish, so
 * an interrupted export never leaves a truncated file under the requested name.
 */
export function openDocFileWriter(path: string, options: WriterOptions): DocFileWriter {
  const name = options.name ?? path;
  if (!options.overwrite && existsSync(path)) {
    throw new ConfigError(`${name} already exists; choose another file or pass --force to overwrite it`, {
      code: 'BAD_INPUT',
    });
  }
  const partial = `${path}.partial`;
  const file = createWriteStream(partial);
  let failure: unknown;
  file.on('error', (err) => (failure ??= err));
  const closed = once(file, 'close').catch((err: unknown) => (failure ??= err));

  const fail = (): never => {
    const known = fileError(failure, 'write', path, name);
    if (known instanceof IoError) throw known;
    const reason = failure instanceof Error ? failure.message : String(failure);
    throw new IoError(`cannot write ${name}: ${reason}`, { cause: failure });
  };
  // The partial file may never have been created (its folder is missing, or is a file): the
  // reason it could not be is what gets reported, not the failed clean-up.
  const removePartial = (): void => {
    try {
      rmSync(partial, { force: true });
    } catch {
      // nothing to remove
    }
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
    if (!ended) file.end();
    ended = true;
    await closed;
    if (failure !== undefined) {
      removePartial();
      fail();
    }
  };

  return {
    path,
    async write(docs) {
      if (failure !== undefined) fail();
      if (docs.length === 0) return;
      // One string per chunk, and wait while the disk is behind: memory stays at one chunk.
      if (!file.write(`${docs.map(encode).join('\n')}\n`)) await Promise.race([once(file, 'drain'), closed]);
      if (failure !== undefined) fail();
    },
    close,
    async finish() {
      await close();
      try {
        renameSync(partial, path);
      } catch (err) {
        failure = err;
        removePartial();
        fail();
      }
    },
    async abort() {
      file.destroy();
      await closed;
      removePartial();
    },
  };
}
