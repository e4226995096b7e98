import { exportDataset } from '../../operations/export-generated';
import type { FileTarget } from '../../operations/export-generated';
import type { LifecycleHooks } from '../../operations/lifecycle';
import { ACTIVITY_LOGS, CALLS, crmDatasetPlan } from './dataset';
import type { GenerationPlan } from './dataset';
import type { ActivityLogDoc, CallDoc } from './schema';

export interface CallsExportRequest {
  readonly plan: GenerationPlan;
  readonly calls?: FileTarget | undefined;
  readonly logs?: FileTarget | undefined;
  readonly overwrite: boolean;
  readonly chunkSize: number;
  /** Ids of the first call and log; without a database they are illustrative (import assigns its own). */
  readonly firstCallId: number;
  readonly firstLogId: number;
  readonly onProgress?: ((calls: number) => void) | undefined;
  /** Stops between chunks: the partial files are removed and an InterruptedError says so. */
  readonly signal?: AbortSignal | undefined;
  /** A `progress` event per chunk (also on the lifecycle channel: the fault tests pause there). */
  readonly hooks?: LifecycleHooks | undefined;
}

export interface CallsExportResult {
  readonly summary: readonly string[];
  readonly sample: { call: CallDoc; log: ActivityLogDoc } | undefined;
}

/** The calls dataset into its two files (calls, and optionally their logs), or only summed up. */
export async function exportCalls(request: CallsExportRequest): Promise<CallsExportResult> {
  const targets: Record<string, FileTarget> = {};
  if (request.calls) targets[CALLS] = request.calls;
  if (request.logs) targets[ACTIVITY_LOGS] = request.logs;
  const result = await exportDataset({
    plan: crmDatasetPlan(request.plan),
    targets,
    firstIds: { [CALLS]: request.firstCallId, [ACTIVITY_LOGS]: request.firstLogId },
    format: request.calls?.format ?? 'jsonl',
    overwrite: request.overwrite,
    chunkSize: request.chunkSize,
    onProgress: request.onProgress,
    signal: request.signal,
    hooks: request.hooks,
  });
  const call = result.samples[CALLS] as CallDoc | undefined;
  const log = result.samples[ACTIVITY_LOGS] as ActivityLogDoc | undefined;
  return { summary: result.summary, sample: call && log ? { call, log } : undefined };
}
