import { once } from 'node:events';
import { createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { ConfigError } from '../errors';
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
    throw new ConfigError(`${name} already exists; choose another file or pass --force to overwrite it`);
  }
  const partial = `${path}.partial`;
  const file = createWriteStream(partial);
  let failure: unknown;
  file.on('error', (err) => (failure ??= err));

  let sink: Writable = file;
  let done: Promise<void>;
  if (options.format === 'csv') {
    const csv = stringify({ header: true, columns: [...options.columns] });
    sink = csv;
    done = pipeline(csv, file);
  } else {
    done = once(file, 'close').then(() => undefined);
  }
  done.catch((err: unknown) => (failure ??= err));

  const fail = (): never => {
    throw new ConfigError(`cannot write ${name}: ${String((failure as Error).message ?? failure)}`, {
      cause: failure,
    });
  };

  return {
    path,
    async write(docs) {
      if (failure !== undefined) fail();
      let ok = true;
      if (options.format === 'csv') {
        for (const doc of docs) ok = sink.write(flattenDoc(doc)) && ok;
      } else if (docs.length > 0) {
        ok = sink.write(`${docs.map((d) => JSON.stringify(d)).join('\n')}\n`);
      }
      if (!ok) await Promise.race([once(sink, 'drain'), done]);
      if (failure !== undefined) fail();
    },
    async finish() {
      sink.end();
      await done.catch(() => undefined);
      if (failure !== undefined) {
        rmSync(partial, { force: true });
        fail();
      }
      renameSync(partial, path);
    },
    async abort() {
      sink.destroy();
      file.destroy();
      await done.catch(() => undefined);
      rmSync(partial, { force: true });
    },
  };
}
