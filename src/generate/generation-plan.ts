import type { ActivityLogDoc, CallDoc } from '../schema/call-schema';
import { createCallFactory } from './call-factory';
import type { GenerationOptions } from './call-factory';
import { createRandom } from './random-source';
import { buildTextPools } from './text-pools';

/** What one run generates: options plus the seed that makes it reproducible. */
export interface GenerationPlan {
  readonly seed: number;
  readonly count: number;
  readonly options: GenerationOptions;
}

export interface DocChunk {
  readonly calls: CallDoc[];
  readonly logs: ActivityLogDoc[];
}

/**
 * Lazily yields the plan's documents in chunks of chunkSize, ids counting up from the first
 * ids of the reserved blocks. Pure: the same plan gives the same documents at any chunk size.
 */
export function* generateChunks(
  plan: GenerationPlan,
  firstCallId: number,
  firstLogId: number,
  chunkSize: number,
): Generator<DocChunk> {
  const make = createCallFactory(createRandom(plan.seed), buildTextPools(plan.seed), plan.options);
  for (let done = 0; done < plan.count;) {
    const size = Math.min(chunkSize, plan.count - done);
    const calls: CallDoc[] = new Array<CallDoc>(size);
    const logs: ActivityLogDoc[] = new Array<ActivityLogDoc>(size);
    for (let i = 0; i < size; i++) {
      const pair = make(firstCallId + done + i, firstLogId + done + i);
      calls[i] = pair.call;
      logs[i] = pair.log;
    }
    done += size;
    yield { calls, logs };
  }
}
