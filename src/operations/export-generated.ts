import { generateChunks } from '../datasets/crm-calls';
import type { GenerationPlan } from '../datasets/crm-calls';
import { tallyCalls } from '../generate/call-tally';
import type { CallTally } from '../generate/call-tally';
import type { ActivityLogDoc, CallDoc } from '../schema/call-schema';
import { join } from 'node:path';
import { CALL_COLUMNS, flattenDoc, LOG_COLUMNS } from '../files/doc-columns';
import { generateDataset } from '../generate/dataset-generation';
import type { DatasetPlan } from '../generate/dataset-generation';
import { openDocFileWriter } from '../files/doc-file-writer';
import type { DocFileWriter } from '../files/doc-file-writer';
import type { FileFormat } from '../files/file-format';
import { lifecycleEmitter } from './lifecycle';
import type { LifecycleHooks } from './lifecycle';
import { ExportStop, stopIfAborted, stoppedExport } from './stopped-export';

export interface FileTarget {
  readonly path: string;
  /** As the user wrote it, for messages. */
  readonly name: string;
  readonly format: FileFormat;
}

export interface ExportRequest {
  readonly plan: GenerationPlan;
  readonly calls?: FileTarget;
  readonly logs?: FileTarget;
  readonly overwrite: boolean;
  readonly chunkSize: number;
  /** Ids of the first call and log; without a database they are illustrative (import assigns its own). */
  readonly firstCallId: number;
  readonly firstLogId: number;
  readonly onProgress?: (calls: number) => void;
  /** Stops between chunks: the partial files are removed and an InterruptedError says so. */
  readonly signal?: AbortSignal;
  /** A `progress` event per chunk (also on the lifecycle channel: the fault tests pause there). */
  readonly hooks?: LifecycleHooks;
}

export interface ExportResult {
  readonly tally: CallTally;
  readonly sample: { call: CallDoc; log: ActivityLogDoc } | undefined;
}

/**
 * Streams a generation plan into files (or, with no targets, only tallies it: the dry run).
 * The same lazy generator as the seed feeds it one chunk at a time and each chunk waits for
 * the disk, so a million rows need no more memory than a thousand.
 */
export async function exportGenerated(request: ExportRequest): Promise<ExportResult> {
  const { plan } = request;
  const writers: DocFileWriter[] = [];
  const tally = tallyCalls(plan.options.userId, plan.options.refDate);
  const emit = lifecycleEmitter(request.hooks);
  const batch = plan.options.batch;
  let sample: ExportResult['sample'];
  try {
    const callWriter = request.calls && openWriter(request.calls, CALL_COLUMNS, request.overwrite, writers);
    const logWriter = request.logs && openWriter(request.logs, LOG_COLUMNS, request.overwrite, writers);
    for (const chunk of generateChunks(plan, request.firstCallId, request.firstLogId, request.chunkSize)) {
      stopIfAborted(request.signal);
      tally.add(chunk.calls);
      sample ??= chunk.calls[0] && chunk.logs[0] ? { call: chunk.calls[0], log: chunk.logs[0] } : undefined;
      await Promise.all([callWriter?.write(chunk.calls), logWriter?.write(chunk.logs)]);
      request.onProgress?.(tally.result.calls);
      emit({ type: 'progress', batch, written: tally.result.calls, total: plan.count });
      // Let timers and signals run between chunks (the progress bar redraws on one), even when nothing waits on disk.
      await new Promise((resolve) => setImmediate(resolve));
    }
    stopIfAborted(request.signal);
    // Every file written in full before any is put in place: a failed one leaves none behind.
    for (const writer of writers) await writer.close();
    for (const writer of writers) await writer.finish();
  } catch (err) {
    await Promise.all(writers.map((w) => w.abort()));
    if (!(err instanceof ExportStop)) throw err;
    const done = `${tally.result.calls.toLocaleString('en-US')} of ${plan.count.toLocaleString('en-US')} calls`;
    throw stoppedExport(writers, batch, request.signal?.reason, done);
  }
  return { tally: tally.result, sample };
}

function openWriter(
  target: FileTarget,
  columns: readonly string[],
  overwrite: boolean,
  opened: DocFileWriter[],
): DocFileWriter {
  const writer = openDocFileWriter(target.path, {
    format: target.format,
    name: target.name,
    columns,
    overwrite,
  });
  opened.push(writer);
  return writer;
}

export interface DatasetExportRequest {
  readonly plan: DatasetPlan;
  /** Folder of the files, one per collection: `<dir>/<collection>.<format>`; none for a dry run. */
  readonly dir?: string | undefined;
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
}

/**
 * Any dataset into files, one per collection, ids from 1 (illustrative: nothing is reserved).
 * Streaming like exportGenerated; CSV columns come from each collection's first document.
 */
export async function exportDataset(request: DatasetExportRequest): Promise<DatasetExportResult> {
  const { plan, dir } = request;
  const writers = new Map<string, DocFileWriter>();
  const opened: DocFileWriter[] = [];
  const counts = new Map<string, number>(plan.spec.collections.map((c) => [c.name, 0]));
  // A Map: a collection may be named "constructor" or "__proto__", which `{}` already answers to.
  const samples = new Map<string, Record<string, unknown>>();
  const firstIds = Object.fromEntries(plan.spec.collections.map((c) => [c.name, 1]));
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
        if (!dir) continue;
        let writer = writers.get(collection);
        if (!writer) {
          const path = join(dir, `${collection}.${request.format}`);
          writer = openWriter(
            { path, name: path, format: request.format },
            Object.keys(flattenDoc(docs[0]!)),
            request.overwrite,
            opened,
          );
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
  };
}
