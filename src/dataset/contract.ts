import type { ObjectId } from 'mongodb';
import type { ZodType } from 'zod';
import type { Faker } from './faker-type';
import type { OptionsOf, OptionsTable } from './options-table';
import type { RandomSource } from './random-source';

/**
 * The dataset contract: what every dataset declares, built-in (crm-calls, crm-tasks), written
 * by hand, or scaffolded from a collection. The engine runs any dataset through it and knows
 * nothing else about it; every entry point (defineSeed, seedBatch, the CLI) derives its
 * options, flags, help and checks from it. See docs/datasets.md.
 */
/**
 * A function type checked bivariantly in its parameters (as methods are), so that a dataset of
 * any options table is a `Dataset` of the general table where the engine holds it.
 */
type OfOptions<F extends (...args: never[]) => unknown> = {
  bivarianceHack(...args: Parameters<F>): ReturnType<F>;
}['bivarianceHack'];

export interface Dataset<O extends OptionsTable = OptionsTable> {
  /** How it is named: `--dataset <name>`, messages ("the tickets dataset"). Letters, digits, '-', '_', '.'. */
  readonly name: string;
  /** What it seeds, for help texts: "support tickets with their comments". */
  readonly describe?: string | undefined;
  /** Its own options, beside the engine's settings: each with its type, default, env name, flag and help. */
  readonly options?: O | undefined;
  /**
   * Checks across options, after each is valid on its own (with the run's reference date
   * beside them): returns what is wrong, in one phrase, or nothing (or throws a ConfigError).
   */
  readonly check?:
    OfOptions<(options: OptionsOf<O> & { readonly refDate: Date }) => string | undefined> | undefined;
  /** Existing collections `make` may link to, by the name `pick` takes; a link set to undefined is off. */
  readonly links?: Links | OfOptions<(options: OptionsOf<O>) => Links> | undefined;
  /** Its collections, in order (parents before their children). */
  readonly collections:
    readonly AnyCollection[] | OfOptions<(options: OptionsOf<O>, run: RunInfo) => readonly AnyCollection[]>;
  /** How a file's rows become its documents (crm-seed import); without it, rows are documents as they are. */
  readonly import?: OfOptions<(options: OptionsOf<O>, run: RunInfo) => RowImport> | undefined;
  /** A fresh summary of what one run generates (crm-seed generate). */
  readonly summary?: OfOptions<(options: OptionsOf<O>, run: RunInfo) => DatasetSummary> | undefined;
  /** Lines `up` adds to its summary, given how many live records each link found. */
  readonly report?:
    | OfOptions<(linked: Readonly<Record<string, number>>, options: OptionsOf<O>) => readonly string[]>
    | undefined;
  /** The document shown as a sample (when asked for): the first of this collection (default: the first collection). */
  readonly sample?: { readonly collection: string; readonly label?: string | undefined } | undefined;
}

/**
 * Marks a dataset of defineSeed's first form (`{ collections, links: [...] }`): its `pick`
 * gives undefined when a link has no live record, as it always did. Not for new datasets.
 */
export const LENIENT_PICK: unique symbol = Symbol.for('crm-calls-seed.lenientPick');

/** A collection of any document and state type, as a dataset holds them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each collection has its own state type
export type AnyCollection = CollectionSpec<object, any>;

/** The run a dataset is built for. */
export interface RunInfo {
  /** The batch marker written into every document. */
  readonly batch: string;
  readonly seed: number;
  /** "Now" for the data. */
  readonly refDate: Date;
}

/** Where a collection's ids come from: the app's counters (`{_id: <collection>, seq}`), or ObjectIds. */
export type IdKind = 'counter' | 'objectId';

/**
 * A live record of a linked collection, as `pick` and `existing` hand it over: its id and the
 * fields the link asked for (`fields`), nothing else.
 */
export interface ExistingDoc<Id = number> {
  /** The value links point at: the record's `id` (a positive integer) or, with `idField: '_id'`, its `_id`. */
  readonly id: Id;
  readonly [field: string]: unknown;
}

/**
 * An existing collection a dataset links to. Only its live records of the run's tenant are
 * loaded (once per run, ordered by id, so a run is deterministic for the same data); they are
 * only read, never written.
 */
export interface LinkSpec {
  readonly collection: string;
  /**
   * The field the links point at: `id` (default; a positive integer, however the app stored it)
   * or `_id` (any value: an ObjectId, a string, a number).
   */
  readonly idField?: 'id' | '_id' | undefined;
  /** The tenant field: only records whose `tenantField` equals `tenant` are loaded (tenant safety). */
  readonly tenantField?: string | undefined;
  /** The tenant's value; required with `tenantField`. */
  readonly tenant?: string | number | boolean | undefined;
  /**
   * Which records are live (default: all): the value of `field` (undefined when the record has
   * none) passes `test`, e.g. `{ field: 'archived', test: (v) => v !== true }`. The field is read
   * for this only; `make` gets it when `fields` names it too.
   */
  readonly live?: LiveRule | undefined;
  /** Narrows the read on the server: equality on plain values (`{ kind: 'staff' }`). */
  readonly filter?: Readonly<Record<string, string | number | boolean | null>> | undefined;
  /** Fields loaded besides the id, for `make` and `live` (names, owners…). Nothing else is read. */
  readonly fields?: readonly string[] | undefined;
  /** `pick` returns undefined when there is no live record, instead of failing the run (default false). */
  readonly optional?: boolean | undefined;
}

/** Which records of a link are live: those whose `field` passes `test`. */
export interface LiveRule {
  readonly field: string;
  readonly test: (value: unknown) => boolean;
}

/** A dataset's links by name: `pick(name)`. */
export type Links = Readonly<Record<string, LinkSpec | undefined>>;

/** Everything `make` gets. Pure: the same seed, reference date and linked records give the same documents. */
export interface MakeContext<Parent = Record<string, unknown>, State = unknown> {
  /** The document's id: an integer from the app's counter, or an ObjectId (`ids: 'objectId'`, stored as `_id`). */
  readonly id: number | ObjectId;
  /** 0-based position of the document in its collection, in this batch. */
  readonly index: number;
  /** For a child collection (`per`): the parent document this one belongs to. */
  readonly parent: Parent;
  /** The collection's own seeded random source. */
  readonly random: RandomSource;
  /** A faker instance seeded for this collection in this run (loaded on first use). */
  readonly faker: Faker;
  /** "Now" for the data. */
  readonly refDate: Date;
  /** The batch marker written into every document. */
  readonly batch: string;
  /** What the collection's `setup` returned, once per run. */
  readonly state: State;
  /**
   * A live record of the link of that name (see `links`), drawn from the collection's random
   * source. A required link with no live record fails the run before anything is written; an
   * `optional` one fails it here: use `tryPick` for it.
   */
  readonly pick: <T extends ExistingDoc<unknown> = ExistingDoc>(link: string) => T;
  /** The same draw, or undefined when the link has no live record (an `optional` link). */
  readonly tryPick: <T extends ExistingDoc<unknown> = ExistingDoc>(link: string) => T | undefined;
}

/** What `setup` gets, once per run before the first document. */
export interface SetupContext {
  readonly random: RandomSource;
  readonly faker: Faker;
  readonly refDate: Date;
  readonly batch: string;
  readonly seed: number;
  /** Every live record of the link of that name loaded for this run, ordered by id. */
  readonly existing: (link: string) => readonly ExistingDoc[];
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
  /** Checks stored documents (`crm-seed verify`, `import`). */
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

/**
 * A dataset built for one run: its options resolved, its collections, links, import and
 * summary made. What the engine runs (src/dataset/build-dataset.ts makes it).
 */
export interface BuiltDataset {
  readonly name: string;
  readonly collections: readonly AnyCollection[];
  /** The links, by name, that are on. */
  readonly links: readonly NamedLink[];
  /** Every link the dataset declares, those turned off (undefined) included: `pick` of one of these gives none. */
  readonly linkNames: readonly string[];
  readonly import?: RowImport | undefined;
  readonly summary?: (() => DatasetSummary) | undefined;
  readonly report?: ((linked: Readonly<Record<string, number>>) => readonly string[]) | undefined;
  readonly sample?: { readonly collection: string; readonly label: string } | undefined;
  /** A dataset of defineSeed's first form (a `links` array): its `pick` gives undefined when there is none. */
  readonly lenientPick?: boolean | undefined;
}

export interface NamedLink extends LinkSpec {
  readonly name: string;
}
