import type { Faker } from './faker-type';
import type { ObjectId } from 'mongodb';
import type { ZodType } from 'zod';
import { ConfigError } from '../errors';
import type { RandomSource } from './random-source';

/** Where a collection's ids come from: the app's counters (`{_id: <collection>, seq}`), or ObjectIds. */
export type IdKind = 'counter' | 'objectId';

/** A document of the target database that `make` may link to (see `pick`), with its integer id. */
export interface ExistingDoc {
  readonly id: number;
  readonly [field: string]: unknown;
}

/** Everything `make` gets. Pure: the same seed and reference date give the same documents. */
export interface MakeContext<Parent = Record<string, unknown>, State = unknown> {
  /** The document's id: an integer from the app's counter, or an ObjectId (`ids: 'objectId'`, stored as `_id`). */
  readonly id: number | ObjectId;
  /** 0-based position of the document in its collection, in this batch. */
  readonly index: number;
  /** For a child collection (`per`): the parent document this one belongs to. */
  readonly parent: Parent;
  /** The collection's own seeded random source. */
  readonly random: RandomSource;
  /** A faker instance seeded for this collection in this run. */
  readonly faker: Faker;
  /** "Now" for the data. */
  readonly refDate: Date;
  /** The batch marker written into every document. */
  readonly batch: string;
  /** What the collection's `setup` returned, once per run. */
  readonly state: State;
  /**
   * A live document of the target database from `collection` (loaded once per run, ordered
   * by id, so a run stays deterministic for the same data), or undefined when there is none.
   */
  readonly pick: (collection: string) => ExistingDoc | undefined;
}

/** What `setup` gets, once per run before the first document. */
export interface SetupContext {
  readonly random: RandomSource;
  readonly faker: Faker;
  readonly refDate: Date;
  readonly batch: string;
  readonly seed: number;
  /** Every live document of that collection loaded for this run, ordered by id (see `links`). */
  readonly existing: (collection: string) => readonly ExistingDoc[];
}

export interface CollectionSpec<Doc extends object = Record<string, unknown>, State = unknown> {
  readonly name: string;
  /** Documents in the batch; for a child collection, documents per parent document. */
  readonly count: number;
  /** The name of an earlier collection of the dataset: `count` documents are made per document of it. */
  readonly per?: string | undefined;
  /** Default `counter`: integer `id` from the app's counters. `objectId`: the engine sets `_id`. */
  readonly ids?: IdKind | undefined;
  /** Runs once per run; its result is `state` in every `make`. */
  setup?(run: SetupContext): State;
  // Methods, not function properties: a dataset holds collections of different state types.
  make(ctx: MakeContext<Record<string, unknown>, State>): Doc;
  /** Checks stored documents (`crm-seed verify`, tests). */
  readonly schema?: ZodType | undefined;
  /** The field of a child document holding its parent's id, checked by `verify`. */
  readonly parentField?: string | undefined;
  /** Fields whose values must be unique wherever a seeded document is involved, checked by `verify`. */
  readonly unique?: readonly string[] | undefined;
  /**
   * Fields that encode the id after a fixed prefix (the CRM's `ukey`): ids the app holds there
   * count as taken when the counter is checked, so such a value is never written twice.
   */
  readonly idKeys?: readonly IdKey[] | undefined;
  /** The columns of its CSV files, in order (nested fields dotted); default: its first document's fields. */
  readonly columns?: readonly string[] | undefined;
}

/** What a run generated, at a glance: fed every chunk, it says it in lines (generate's summary). */
export interface DatasetSummary {
  add(collection: string, docs: readonly Record<string, unknown>[]): void;
  lines(): string[];
}

/** The engine-owned stamp every imported document gets: the marker, and the run once it writes. */
export interface ImportStamp {
  readonly batch: string;
  /** Undefined while the file is only checked. */
  readonly run?: string | undefined;
}

/**
 * How rows of a file (a JSONL object, a CSV record) become documents of a dataset, for
 * `crm-seed import`: one row is one document of `collection`, with an id from the app's
 * counter, and `derived` documents made from it (an activity log per imported record).
 */
export interface RowImport {
  readonly collection: string;
  /** A row as it is named in messages: "call". */
  readonly noun: string;
  /** The row as the document to write, with its id and stamp; or one phrase saying what is wrong. */
  row(
    row: Readonly<Record<string, unknown>>,
    id: number,
    stamp: ImportStamp,
  ): { readonly doc: Record<string, unknown> } | { readonly error: string };
  /** Documents made from each imported one, each with an id from its own collection's counter. */
  readonly derived?: readonly {
    readonly collection: string;
    make(doc: Record<string, unknown>, id: number): Record<string, unknown>;
  }[];
  /** The id keys a document holds (its ukey): the app's are counted when the counters are checked. */
  idKeys?(doc: Record<string, unknown>): readonly IdKey[];
  /** Named in the message listing bad rows. */
  readonly hint?: string;
}

/**
 * A field that encodes a document's id after a fixed prefix, as the CRM's
 * `ukey = <tenant_id> + "000" + <id>` does. `where` narrows it to the documents the prefix is
 * meant for (one tenant's).
 */
export interface IdKey {
  readonly field: string;
  readonly prefix: string;
  readonly where?: Readonly<Record<string, unknown>> | undefined;
}

/** Existing collections a dataset may read from (`pick`), with the filter that makes a document live. */
export interface LinkSource {
  readonly collection: string;
  /** Fields loaded besides `id` (names, owners…). */
  readonly fields?: readonly string[];
  /** Only documents of this tenant (`tenant_id`), when set. */
  readonly tenantId?: number | undefined;
}

export interface DatasetSpec {
  readonly collections: readonly CollectionSpec<object, unknown>[];
  /** Existing collections `pick` and `existing` read from. */
  readonly links?: readonly LinkSource[] | undefined;
  /** How a file's rows become its documents (crm-seed import); without it, rows are documents as they are. */
  readonly import?: RowImport | undefined;
  /** A fresh summary of what one run generates (crm-seed generate). */
  readonly summary?: (() => DatasetSummary) | undefined;
}

/** Largest count of one collection in one batch (all parents' children together). */
export const MAX_DOCUMENTS = 10_000_000;
const NAME = /^[A-Za-z0-9_.-]{1,63}$/;
const RESERVED = new Set(['seed_batches', 'seed_locks']);

/**
 * Checks a dataset before anything is written: one line naming the collection and the
 * option that is wrong. Returns each collection's total document count.
 */
export function checkDataset(spec: DatasetSpec, where: string): Map<string, number> {
  const totals = new Map<string, number>();
  const fail = (message: string): never => {
    throw new ConfigError(`${where}: ${message}`, { code: 'BAD_INPUT' });
  };
  if (!spec || !Array.isArray(spec.collections) || spec.collections.length === 0) {
    fail('`collections` must be a non-empty array of { name, count, make }');
  }
  spec.collections.forEach((c, i) => {
    const label = typeof c?.name === 'string' ? `collection "${c.name}"` : `collections[${i}]`;
    if (typeof c !== 'object' || c === null) fail(`${label} must be an object { name, count, make }`);
    if (typeof c.name !== 'string' || !NAME.test(c.name) || c.name.startsWith('system.')) {
      fail(`${label}: name must be 1-63 letters, digits, '_', '.' or '-' (got ${JSON.stringify(c.name)})`);
    }
    if (RESERVED.has(c.name)) fail(`${label}: "${c.name}" is the seed's own collection`);
    if (totals.has(c.name)) fail(`${label} appears twice`);
    if (typeof c.make !== 'function') fail(`${label}: make must be a function (got ${typeof c.make})`);
    if (c.setup !== undefined && typeof c.setup !== 'function') fail(`${label}: setup must be a function`);
    if (c.ids !== undefined && c.ids !== 'counter' && c.ids !== 'objectId') {
      fail(`${label}: ids must be "counter" or "objectId" (got ${JSON.stringify(c.ids)})`);
    }
    const perParent = c.per !== undefined;
    const max = perParent ? 1000 : MAX_DOCUMENTS;
    if (
      typeof c.count !== 'number' ||
      !Number.isInteger(c.count) ||
      c.count < (perParent ? 0 : 1) ||
      c.count > max
    ) {
      fail(
        `${label}: count must be an integer from ${perParent ? 0 : 1} to ${max.toLocaleString('en-US')}${perParent ? ' per parent' : ''} (got ${JSON.stringify(c.count)})`,
      );
    }
    let total = c.count;
    if (perParent) {
      const parentTotal = totals.get(String(c.per));
      if (parentTotal === undefined) {
        const known = [...totals.keys()];
        fail(
          `${label}: per "${String(c.per)}" is not an earlier collection of this dataset${known.length ? ` (earlier: ${known.join(', ')})` : ''}`,
        );
      }
      total = c.count * (parentTotal as number);
      if (total > MAX_DOCUMENTS) {
        fail(
          `${label}: ${total.toLocaleString('en-US')} documents in all, more than ${MAX_DOCUMENTS.toLocaleString('en-US')}`,
        );
      }
    }
    totals.set(c.name, total);
  });
  return totals;
}

/**
 * Declares one collection with its document type inferred from `make` (and its `setup`
 * state from `setup`): `collection({ name: 'tasks', count: 10, make: ({ id }) => ({ id, done: false }) })`.
 */
export function collection<Doc extends object, State = undefined>(
  spec: CollectionSpec<Doc, State>,
): CollectionSpec<Doc, State> {
  return spec;
}
