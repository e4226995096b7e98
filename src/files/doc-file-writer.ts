import { once } from 'node:events';
import { createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { ConfigError } from '../errors';
import { csvLine } from './csv-text';
import { flattenDoc } from './doc-columns';
import type { FileFormat } from './file-format';

export interface DocFileWriter {
  readonly path: string;
  /** Appends documents, waiting while the disk is behind (backpressure keeps memory flat). */
  write(docs: readonly Readonly<Record<string, unknown>>[]): Promise<void>;
  /** Flushes and moves the complete file into place. */
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
    const reason = failure instanceof Error ? failure.message : String(failure);
    throw new ConfigError(`cannot write ${name}: ${reason}`, { cause: failure });
  };
  const encode =
    options.format === 'csv'
      ? (doc: Readonly<Record<string, unknown>>): string => {
          const flat = flattenDoc(doc);
          return csvLine(options.columns.map((column) => flat[column]));
        }
      : (doc: Readonly<Record<string, unknown>>): string => JSON.stringify(doc);
  if (options.format === 'csv') file.write(`${csvLine(options.columns)}\n`);

  return {
    path,
    async write(docs) {
      if (failure !== undefined) fail();
      if (docs.length === 0) return;
      // One string per chunk, and wait while the disk is behind: memory stays at one chunk.
      if (!file.write(`${docs.map(encode).join('\n')}\n`)) await Promise.race([once(file, 'drain'), closed]);
      if (failure !== undefined) fail();
    },
    async finish() {
      file.end();
      await closed;
      if (failure !== undefined) {
        rmSync(partial, { force: true });
        fail();
      }
      renameSync(partial, path);
    },
    async abort() {
      file.destroy();
      await closed;
      rmSync(partial, { force: true });
    },
  };
}
