import { channel } from 'node:diagnostics_channel';
import type { IdBlock } from '../write/ids/id-blocks';

/** What a writing operation has reached; events arrive in this order, each at most once unless noted. */
export type LifecycleEvent =
  /** Guard and ping passed; the lock is about to be taken. */
  | { readonly type: 'before-lock'; readonly command: string; readonly batch: string }
  | { readonly type: 'lock-acquired'; readonly command: string; readonly batch: string }
  /** The batch's id blocks are reserved; nothing of the batch is written yet. */
  | {
      readonly type: 'ids-reserved';
      readonly batch: string;
      readonly blocks: Readonly<Record<string, IdBlock>>;
    }
  /** A chunk's parent documents are written, its children not yet. Once per chunk. */
  | {
      readonly type: 'chunk-parents-written';
      readonly batch: string;
      readonly chunk: number;
      readonly chunkSize: number;
      readonly total: number;
    }
  /** A whole chunk is written. Once per chunk. */
  | { readonly type: 'progress'; readonly batch: string; readonly written: number; readonly total: number }
  /** Every document is written and the lock handed over; migrate-mongo's changelog entry comes next. */
  | { readonly type: 'written'; readonly batch: string }
  /**
   * A delete of a removal is about to be sent (`down`, `cleanup`, an interrupted up or import
   * taking back its own writes): `removed` documents of `collection` removed so far, of `total`
   * (registered; Infinity when unknown). Once per delete, so not ordered with the events above.
   */
  | {
      readonly type: 'removing';
      readonly batch: string;
      readonly collection: string;
      readonly removed: number;
      readonly total: number;
    };

export interface LifecycleHooks {
  /** Called synchronously at each point, in the run's own process. */
  readonly onEvent?: (event: LifecycleEvent) => void;
}

/**
 * The same events are published on this node:diagnostics_channel, so a process that runs a
 * seed it did not start (migrate-mongo loading a seed file) can still be observed: the fault
 * tests preload a subscriber that pauses the process at a chosen point. Publishing costs
 * nothing without subscribers and changes nothing process-wide.
 */
export const LIFECYCLE_CHANNEL = 'crm-calls-seed:lifecycle';

export type Emit = (event: LifecycleEvent) => void;

export function lifecycleEmitter(hooks: LifecycleHooks | undefined): Emit {
  const published = channel(LIFECYCLE_CHANNEL);
  return (event) => {
    hooks?.onEvent?.(event);
    if (published.hasSubscribers) published.publish(event);
  };
}
