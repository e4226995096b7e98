import { join } from 'node:path';
import { flattenDoc } from '../files/flatten-doc';
import { generateDataset } from '../generate/dataset-generation';
import type { DatasetPlan, FirstIds } from '../generate/dataset-generation';
import { openDocFileWriter, openDocStreamWriter } from '../files/doc-file-writer';
import type { DocFileWriter } from '../files/doc-file-writer';
import type { FileFormat } from '../files/file-format';
import { lifecycleEmitter } from './lifecycle';
import type { LifecycleHooks } from './lifecycle';
import { ExportStop } from '../errors';
import { stopIfAborted, stoppedExport } from './stopped-export';

export interface FileTarget {
  readonly path: string;
  /** As the user wrote it, for messages. */
  readonly name: string;
  readonly format: FileFormat;
  /** Written in place to this stream instead of a file at `path` (the CLI's standard output for `--out -`). */
  readonly stream?: NodeJS.WritableStream | undefined;
}

function openWriter(
  target: FileTarget,
  columns: readonly string[],
  overwrite: boolean,
  opened: DocFileWriter[],
): DocFileWriter {
  const options = { format: target.format, name: target.name, columns, overwrite };
  const writer = target.stream
    ? openDocStreamWriter(target.stream, options)
    : openDocFileWriter(target.path, options);
  opened.push(writer);
  return writer;
}

export interface DatasetExportRequest {
  readonly plan: DatasetPlan;
  /** Folder of the files, one per collection: `<dir>/<collection>.<format>`; none for a dry run. */
  readonly dir?: string | undefined;
  /** Or a file per collection named here (a collection without one is generated, not written). */
  readonly targets?: Readonly<Record<string, FileTarget>> | undefined;
  /** Ids each collection starts at (default 1): illustrative, nothing is reserved. */
  readonly firstIds?: FirstIds | undefined;
  readonly format: FileFormat;
  readonly overwrite: boolean;
  readonly chunkSize: number;
  /** Documents of the first collection generated so far. */
  readonly onProgress?: (roots: number) => void;
  /** Stops between chunks: the partial files are removed and an InterruptedError says so. */
  readonly signal?: AbortSignal;
  /** A `progress` event per chunk (also on the lifecycle channel). */
  readonly hooks?: LifecycleHooks;
}

export interface DatasetExportResult {
  readonly collections: readonly { readonly name: string; readonly count: number; readonly path?: string }[];
  /** The first document of each collection. */
  readonly samples: Readonly<Record<string, Record<string, unknown>>>;
  /** The dataset's own summary of what was generated, when it declares one. */
  readonly summary: readonly string[];
}

/**
 * Any dataset into files, one per collection (or only tallied: the dry run), ids from 1
 * unless given (illustrative: nothing is reserved). The same lazy generator as the seed feeds
 * it one chunk at a time and each chunk waits for the disk, so a million rows need no more
 * memory than a thousand. CSV columns are each collection's declared ones, else its first
 * document's fields.
 */
export async function exportDataset(request: DatasetExportRequest): Promise<DatasetExportResult> {
  const { plan } = request;
  const writers = new Map<string, DocFileWriter>();
  const opened: DocFileWriter[] = [];
  const counts = new Map<string, number>(plan.spec.collections.map((c) => [c.name, 0]));
  // A Map: a collection may be named "constructor" or "__proto__", which `{}` already answers to.
  const samples = new Map<string, Record<string, unknown>>();
  const firstIds = {
    ...Object.fromEntries(plan.spec.collections.map((c) => [c.name, 1])),
    ...request.firstIds,
  };
  const summary = plan.spec.summary?.();
  const columnsOf = (name: string, first: Record<string, unknown>): readonly string[] =>
    plan.spec.collections.find((c) => c.name === name)?.columns ?? Object.keys(flattenDoc(first));
  const emit = lifecycleEmitter(request.hooks);
  const rootTotal = plan.totals.get(plan.spec.collections[0]?.name ?? '') ?? 0;
  let roots = 0;
  try {
    for (const chunk of generateDataset(plan, firstIds, request.chunkSize)) {
      stopIfAborted(request.signal);
      for (const { collection, docs } of chunk.groups) {
        if (docs.length === 0) continue;
        if (!samples.has(collection)) samples.set(collection, { ...docs[0]! });
        counts.set(collection, (counts.get(collection) ?? 0) + docs.length);
        summary?.add(collection, docs);
        const target = targetOf(request, collection);
        if (!target) continue;
        let writer = writers.get(collection);
        if (!writer) {
          writer = openWriter(target, columnsOf(collection, docs[0]!), request.overwrite, opened);
          writers.set(collection, writer);
        }
        await writer.write(docs);
      }
      roots += chunk.roots;
      request.onProgress?.(roots);
      emit({ type: 'progress', batch: plan.batch, written: roots, total: rootTotal });
      await new Promise((resolve) => setImmediate(resolve));
    }
    stopIfAborted(request.signal);
    for (const writer of opened) await writer.close();
    for (const writer of opened) await writer.finish();
  } catch (err) {
    await Promise.all(opened.map((w) => w.abort()));
    if (!(err instanceof ExportStop)) throw err;
    const root = plan.spec.collections[0]?.name ?? 'documents';
    const done = `${roots.toLocaleString('en-US')} of ${rootTotal.toLocaleString('en-US')} ${root}`;
    throw stoppedExport(opened, plan.batch, request.signal?.reason, done);
  }
  return {
    collections: [...counts].map(([name, count]) => ({
      name,
      count,
      ...(writers.has(name) ? { path: writers.get(name)!.path } : {}),
    })),
    samples: Object.fromEntries(samples),
    summary: summary?.lines() ?? [],
  };
}

/** Where a collection's documents go: the file named for it, or `<dir>/<collection>.<format>`. */
function targetOf(request: DatasetExportRequest, collection: string): FileTarget | undefined {
  if (request.targets)
    return Object.hasOwn(request.targets, collection) ? request.targets[collection] : undefined;
  if (!request.dir) return undefined;
  const path = join(request.dir, `${collection}.${request.format}`);
  return { path, name: path, format: request.format };
}
