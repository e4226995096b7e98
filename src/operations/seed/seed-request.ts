import type { ObjectId } from 'mongodb';
import type { BuiltDataset } from '../../dataset/contract';
import type { Logger } from '../../logger';
import type { CounterConfig } from '../../write/ids/id-blocks';
import type { ProductionGuard } from '../../write/production-guard';
import type { CollectionRole } from '../../write/registry/collections';
import type { LockOptions } from '../../write/lock/seed-lock';
import type { Db } from 'mongodb';
import type { CompleteBatch, UnappliedSeed } from '../remove/batch-recovery';
import type { LifecycleHooks } from '../lifecycle';

/** The migrate-mongo changelog entry a seed file's run stands for. */
export interface SeedChangelog {
  readonly collection: string;
  readonly fileName: string;
  /** With migrate-mongo's useFileHash: the file's hash, part of what makes it "applied". */
  readonly fileHash?: string | undefined;
}

export interface DatasetRequest {
  readonly db: Db;
  /** The marker written into every document, e.g. the seed file's name. */
  readonly batch: string;
  readonly dataset: BuiltDataset;
  readonly seed: number;
  readonly refDate: Date;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly counter: CounterConfig;
  readonly guard: ProductionGuard;
  readonly logger: Logger;
  /**
   * Where the batch is recorded, and so who may recover, replace or remove it
   * (`changelog:<collection>`, `script:<namespace>`): see BatchEntry.owner.
   */
  readonly owner: string;
  /**
   * What to do with a complete batch of this name (see CompleteBatch); without it a complete
   * batch is refused (BATCH_EXISTS).
   */
  readonly complete?: CompleteBatch | undefined;
  /** Collections with a role of their own in the host (migrate-mongo's lock), never written as data. */
  readonly hostRoles?: readonly CollectionRole[] | undefined;
  /** The seed file, recorded in the registry. */
  readonly seedFile?: string | undefined;
  /** The migrations folder it is applied from (real path), recorded in the registry: whose seed file it is. */
  readonly seedFolder?: string | undefined;
  /** The seed file's sha256, recorded in the registry: whether it changed when it runs again. */
  readonly seedFileHash?: string | undefined;
  /** The changelog entry this run stands for (a migrate-mongo seed file), if any. */
  readonly changelog?: SeedChangelog | undefined;
  /** Unapplied seed files: what their interrupted runs left is removed first. */
  readonly interruptedBatches?: readonly UnappliedSeed[] | undefined;
  /** Root documents written so far. */
  readonly onProgress?: ((written: number) => void) | undefined;
  readonly hooks?: LifecycleHooks | undefined;
  readonly lock?: LockOptions | undefined;
  /**
   * Aborting it stops the run: no new writes, those in flight settle, what this run wrote is
   * removed again, the lock is released, and an InterruptedError says so. Removing what
   * interrupted runs left, before writing, is finished first.
   */
  readonly signal?: AbortSignal | undefined;
}

export interface SeededCollection {
  readonly name: string;
  readonly count: number;
  /** First and last integer id (counter) or _id (objectId); absent when the collection got none. */
  readonly first?: number | ObjectId | undefined;
  readonly last?: number | ObjectId | undefined;
}

export interface DatasetResult {
  readonly batch: string;
  readonly seed: number;
  readonly refDate: Date;
  readonly collections: readonly SeededCollection[];
  /** Documents an interrupted earlier run of this batch had left, removed before writing. */
  readonly removedPartial: number;
  /** Documents of the complete batch this run replaced (asked to, or its seed file changed). */
  readonly replaced: number;
  /**
   * Set when the batch was already complete and is kept (asked to keep it, or its seed file is
   * unchanged and migrate-mongo ran it again under useFileHash): nothing was written, no id
   * used; the line says why, and `collections` are the batch as it is.
   */
  readonly unchanged?: string | undefined;
  /** Live records loaded per link, by the link's name, for the links that found any (empty: nothing to link to). */
  readonly linked: Readonly<Record<string, number>>;
  /** The first document of the first collection. */
  readonly sample: Record<string, unknown> | undefined;
  readonly elapsedMs: number;
}
