import { join } from 'node:path';
import { ExportStop } from '../../errors';
import { flattenDoc } from '../../files/flatten-doc';
import { openDocFileWriter, openDocStreamWriter } from '../../files/doc-file-writer';
import type { DocFileWriter } from '../../files/doc-file-writer';
import type { FileFormat } from '../../files/file-format';
import { stopIfAborted } from '../interruption';

export interface FileTarget {
  readonly path: string;
  /** As the user wrote it, for messages. */
  readonly name: string;
  readonly format: FileFormat;
  /** Written in place to this stream instead of a file at `path` (the CLI's standard output for `--out -`). */
  readonly stream?: NodeJS.WritableStream | undefined;
}

/** Where documents go: a folder (`<dir>/<collection>.<format>`) or a file per collection named; neither for a dry run. */
export interface FileDestination {
  readonly dir?: string | undefined;
  /** A file per collection; a collection without one is counted, not written. */
  readonly targets?: Readonly<Record<string, FileTarget>> | undefined;
  readonly format: FileFormat;
  readonly overwrite: boolean;
  /** Stops between chunks: the partial files are removed and the stop is reported by the caller. */
  readonly signal?: AbortSignal | undefined;
}

/** Documents of one chunk, per collection. */
export interface DocGroups {
  readonly groups: readonly {
    readonly collection: string;
    readonly docs: readonly Record<string, unknown>[];
  }[];
}

export interface WrittenFiles {
  readonly counts: ReadonlyMap<string, number>;
  readonly paths: ReadonlyMap<string, string>;
  /** The first document of each collection. */
  readonly samples: ReadonlyMap<string, Record<string, unknown>>;
}

/**
 * Writes chunks of documents into their collections' files, each chunk waiting for the disk
 * (memory stays at one chunk), through the safe writer (src/files/doc-file-writer.ts): every
 * file is put in place only once all are complete. `afterChunk` runs after each chunk (progress,
 * summaries). On any failure the partial files are removed and `onStop` turns a stop (the
 * signal) into the caller's own error. CSV columns: `columnsOf(collection)` or the first
 * document's fields.
 */
export async function writeDocFiles(
  chunks: AsyncIterable<DocGroups> | Iterable<DocGroups>,
  destination: FileDestination,
  hooks: {
    readonly columnsOf?: (collection: string) => readonly string[] | undefined;
    readonly afterChunk?: (chunk: DocGroups) => void | Promise<void>;
    readonly onStop: (opened: readonly DocFileWriter[]) => Error;
  },
): Promise<WrittenFiles> {
  const writers = new Map<string, DocFileWriter>();
  const opened: DocFileWriter[] = [];
  const counts = new Map<string, number>();
  // Maps: a collection may be named "constructor" or "__proto__", which `{}` already answers to.
  const samples = new Map<string, Record<string, unknown>>();
  try {
    for await (const chunk of chunks) {
      stopIfAborted(destination.signal);
      for (const { collection, docs } of chunk.groups) {
        counts.set(collection, (counts.get(collection) ?? 0) + docs.length);
        if (docs.length === 0) continue;
        if (!samples.has(collection)) samples.set(collection, { ...docs[0]! });
        const target = targetOf(destination, collection);
        if (!target) continue;
        let writer = writers.get(collection);
        if (!writer) {
          const columns = hooks.columnsOf?.(collection) ?? Object.keys(flattenDoc(docs[0]!));
          const options = {
            format: target.format,
            name: target.name,
            columns,
            overwrite: destination.overwrite,
          };
          writer = target.stream
            ? openDocStreamWriter(target.stream, options)
            : openDocFileWriter(target.path, options);
          opened.push(writer);
          writers.set(collection, writer);
        }
        await writer.write(docs);
      }
      await hooks.afterChunk?.(chunk);
    }
    stopIfAborted(destination.signal);
    for (const writer of opened) await writer.close();
    for (const writer of opened) await writer.finish();
  } catch (err) {
    await Promise.all(opened.map((w) => w.abort()));
    if (err instanceof ExportStop) throw hooks.onStop(opened);
    throw err;
  }
  return { counts, paths: new Map([...writers].map(([name, w]) => [name, w.path])), samples };
}

/** Where a collection's documents go: the file named for it, or `<dir>/<collection>.<format>`. */
function targetOf(destination: FileDestination, collection: string): FileTarget | undefined {
  if (destination.targets)
    return Object.hasOwn(destination.targets, collection) ? destination.targets[collection] : undefined;
  if (!destination.dir) return undefined;
  const path = join(destination.dir, `${collection}.${destination.format}`);
  return { path, name: path, format: destination.format };
}
