import type { ZodType } from 'zod';
import type { CounterConfig } from '../write/ids/id-blocks';

// The types of verify, apart from verify-batches.ts so its helper modules can name them
// without an import cycle; verify-batches.ts re-exports them.

/** What verify knows of one collection: from a dataset (its schema, its parent) or just from the registry. */
export interface VerifiedCollection {
  readonly name: string;
  readonly schema?: ZodType | undefined;
  /** A child collection: the field holding its parent's id, and how many children each parent has. */
  readonly parent?:
    { readonly collection: string; readonly field: string; readonly perParent: number } | undefined;
  /** Fields whose values must be unique wherever a seeded document is involved (e.g. a ukey). */
  readonly unique?: readonly string[] | undefined;
  /** Integer ids from the app's counter (the default), or ObjectIds. */
  readonly ids?: 'counter' | 'objectId' | undefined;
}

export interface Problem {
  readonly count: number;
  /** A few, one line each: the lowest in text order (numbers by value), so the same on every server. */
  readonly examples: string[];
}

export interface Check {
  /** What was checked, e.g. "<collection>: seeded documents pass the schema". */
  readonly name: string;
  readonly problem: Problem;
}

export interface Verification {
  readonly ok: boolean;
  readonly checks: Check[];
  /** Seeded documents read, per collection. */
  readonly seeded: Readonly<Record<string, number>>;
  readonly batches: number;
}

export interface VerifyOptions {
  /** Collections with what is known of them; every collection a registered batch wrote is added. */
  readonly collections: readonly VerifiedCollection[];
  readonly counter: CounterConfig;
  readonly examples?: number;
  /** Documents read so far, out of the collections' estimated total. */
  readonly onProgress?: (done: number, total: number) => void;
}
