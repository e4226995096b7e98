import { generateDataset } from '../../generate/dataset-generation';
import type { DatasetPlan, FirstIds } from '../../generate/dataset-generation';
import { lifecycleEmitter } from '../lifecycle';
import type { LifecycleHooks } from '../lifecycle';
import { stoppedExport } from '../interruption';
import { writeDocFiles } from './write-files';
import type { FileDestination } from './write-files';

export type { FileTarget } from './write-files';

export interface DatasetExportRequest extends FileDestination {
  readonly plan: DatasetPlan;
  /** Ids each collection starts at (default 1): illustrative, nothing is reserved. */
  readonly firstIds?: FirstIds | undefined;
  readonly chunkSize: number;
  /** Documents of the first collection generated so far. */
  readonly onProgress?: (roots: number) => void;
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
 * it one chunk at a time, so a million rows need no more memory than a thousand. CSV columns
 * are each collection's declared ones, else its first document's fields.
 */
export async function exportDataset(request: DatasetExportRequest): Promise<DatasetExportResult> {
  const { plan } = request;
  const firstIds = {
    ...Object.fromEntries(plan.spec.collections.map((c) => [c.name, 1])),
    ...request.firstIds,
  };
  const summary = plan.spec.summary?.();
  const emit = lifecycleEmitter(request.hooks);
  const root = plan.spec.collections[0]?.name ?? 'documents';
  const rootTotal = plan.totals.get(root) ?? 0;
  let roots = 0;
  const written = await writeDocFiles(generateDataset(plan, firstIds, request.chunkSize), request, {
    columnsOf: (name) => plan.spec.collections.find((c) => c.name === name)?.columns,
    afterChunk: async (chunk) => {
      for (const { collection, docs } of chunk.groups) summary?.add(collection, docs);
      roots += chunk.groups.find((g) => g.collection === root)?.docs.length ?? 0;
      request.onProgress?.(roots);
      emit({ type: 'progress', batch: plan.batch, written: roots, total: rootTotal });
      // Lets a signal's handler run between chunks.
      await new Promise((resolve) => setImmediate(resolve));
    },
    onStop: (opened) =>
      stoppedExport(
        opened,
        plan.batch,
        request.signal?.reason,
        `${roots.toLocaleString('en-US')} of ${rootTotal.toLocaleString('en-US')} ${root}`,
      ),
  });
  return {
    collections: plan.spec.collections.map(({ name }) => ({
      name,
      count: written.counts.get(name) ?? 0,
      ...(written.paths.has(name) ? { path: written.paths.get(name)! } : {}),
    })),
    samples: Object.fromEntries(written.samples),
    summary: summary?.lines() ?? [],
  };
}
