import type { Db } from 'mongodb';
import { ConfigError } from '../errors';
import { BATCH_FIELD, RUN_FIELD } from '../schema/marker';
import type { CounterConfig } from '../write/ids/counter-watch';
import { classify } from './classify';
import type { KeptCategories, Reference } from './classify';
import { datasetModule, seedFileText } from './emit';
import type { EmittedCollection, EmittedLink, EmittedTenant, ModuleSpec } from './emit';
import { CollectionProfiler } from './profile';
import type { CollectionProfile } from './profile';
import { findReferences, liveRuleOf } from './references';
import type { FoundReference } from './references';

/** Documents read per collection unless told otherwise. */
export const DEFAULT_SAMPLE = 10_000;
/** Documents read of a linked collection to tell its tenant field and live rule. */
const LINKED_SAMPLE = 1_000;

export interface ScaffoldRequest {
  readonly db: Db;
  /** How the module names where it came from: the database's name. */
  readonly source: string;
  readonly collections: readonly string[];
  /** Documents read per collection (the first ones, in natural order). */
  readonly sample: number;
  readonly tenantField?: string | undefined;
  /** The dataset's name. */
  readonly name: string;
  /** The source's "now": dates become days relative to it; the seed file is named after it. */
  readonly refDate: Date;
  readonly counters: CounterConfig;
  /** Collections that are the seed's or the host's state (registry, lock, changelog, counters): never linked. */
  readonly exclude: ReadonlySet<string>;
  /** Option keys, flags and env names the dataset may not use (the engine's settings). */
  readonly reserved: ReadonlySet<string>;
  readonly signal?: AbortSignal | undefined;
}

export interface ScaffoldedFiles {
  /** `<name>.dataset.ts`: the field specs and the dataset. */
  readonly datasetFile: string;
  readonly datasetText: string;
  /** `migrations/<YYYYMMDDHHmmss>-<name>.ts`: the seed file. */
  readonly seedFile: string;
  readonly seedText: string;
  readonly kept: readonly KeptCategories[];
  /** What was found, one line each: collections, ids, references, tenant. */
  readonly findings: readonly string[];
}

interface Source {
  readonly name: string;
  readonly profile: CollectionProfile;
  readonly ids: 'counter' | 'objectId';
  readonly counter: boolean;
  readonly unique: ReadonlySet<string>;
  readonly references: Map<string, FoundReference>;
}

/** Markers are the engine's, and `_id` is the driver's or the engine's: never specs. */
const ALWAYS_SKIPPED = ['_id', BATCH_FIELD, RUN_FIELD];

/**
 * Reads a sample of each collection in one pass (a cursor, the sketches bounded), looks up
 * its unique indexes, its counter and its references, and writes a dataset module and a seed
 * file of the public dataset contract. Nothing is written to the database.
 */
export async function scaffold(request: ScaffoldRequest): Promise<ScaffoldedFiles> {
  const { db } = request;
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const name of request.collections) {
    if (!existing.has(name)) {
      const known =
        [...existing]
          .filter((n) => !n.startsWith('system.'))
          .sort()
          .join(', ') || 'none';
      throw new ConfigError(
        `--collection ${name}: no such collection in ${request.source} (it has ${known})`,
        {
          code: 'BAD_INPUT',
        },
      );
    }
  }
  const sources: Source[] = [];
  for (const name of request.collections) sources.push(await readSource(request, name));

  const scaffolded = new Set(request.collections);
  const order = parentsFirst(sources, scaffolded);
  const placed = new Set<string>();
  const links = new Map<string, EmittedLink>();
  const collections: EmittedCollection[] = [];
  const kept: KeptCategories[] = [];
  const findings: string[] = [];
  const tenant = request.tenantField === undefined ? undefined : tenantOf(sources, request.tenantField);
  for (const source of order) {
    const references = new Map<string, Reference>();
    for (const [path, found] of source.references) {
      if (path === request.tenantField) continue;
      if (scaffolded.has(found.collection) && placed.has(found.collection)) {
        references.set(path, { kind: 'parent', collection: found.collection });
        findings.push(`${source.name}.${path} -> ${found.collection} (made in the same batch, before it)`);
        continue;
      }
      if (!links.has(found.collection)) links.set(found.collection, await linkOf(request, found));
      references.set(path, { kind: 'link', link: found.collection });
      findings.push(
        `${source.name}.${path} -> ${found.collection}.${found.idField} (live records linked when up runs)`,
      );
    }
    const skip = new Set([...ALWAYS_SKIPPED, ...(source.ids === 'counter' ? ['id'] : [])]);
    const { fields, kept: keptHere } = classify(source.profile, {
      collection: source.name,
      skip,
      tenantField: tenant?.field,
      uniqueIndexes: source.unique,
      references,
      refMs: request.refDate.getTime(),
    });
    kept.push(...keptHere);
    const option = optionNames(source.name, request.reserved);
    collections.push({
      name: source.name,
      ...option,
      sampled: source.profile.documents,
      ids: source.ids,
      counter: source.counter,
      fields,
      live: liveRuleOf(source.profile),
    });
    findings.unshift(
      `${source.name}: ${source.profile.documents} documents sampled, ${Object.keys(fields).length} field paths, ids ${source.ids === 'counter' ? `from the counter${source.counter ? '' : ' (none yet: the first run creates it)'}` : 'ObjectIds'}`,
    );
    placed.add(source.name);
  }
  if (tenant)
    findings.push(
      `tenant: ${tenant.field}, default ${JSON.stringify(tenant.value)} (the sample's most frequent)`,
    );
  const spec: ModuleSpec = {
    name: request.name,
    source: request.source,
    refDate: request.refDate,
    collections,
    links: [...links.values()],
    tenant,
  };
  const datasetFile = `${request.name}.dataset.ts`;
  return {
    datasetFile,
    datasetText: datasetModule(spec),
    seedFile: `migrations/${stamp(request.refDate)}-${request.name}.ts`,
    seedText: seedFileText(spec, `../${request.name}.dataset`),
    kept,
    findings,
  };
}

async function readSource(request: ScaffoldRequest, name: string): Promise<Source> {
  const collection = request.db.collection(name);
  const profile = await profileOf(request, name, request.sample);
  const idPath = profile.paths.get('id');
  const intIds =
    idPath !== undefined &&
    idPath.presence >= 0.99 &&
    (idPath.types.int ?? 0) + (idPath.types.long ?? 0) >= 0.99;
  const counter =
    intIds &&
    (await request.db
      .collection(request.counters.collection)
      .findOne({ [request.counters.keyField]: name }, { projection: { _id: 1 } })) !== null;
  const unique = new Set(
    (await collection.indexes())
      .filter((i) => i.unique === true && Object.keys(i.key).length === 1)
      .map((i) => Object.keys(i.key)[0]!)
      .filter((k) => k !== '_id'),
  );
  const skip = new Set([...ALWAYS_SKIPPED, ...(intIds ? ['id'] : [])]);
  if (request.tenantField !== undefined) skip.add(request.tenantField);
  const references = await findReferences(request.db, name, profile, { skip, exclude: request.exclude });
  return { name, profile, ids: intIds ? 'counter' : 'objectId', counter, unique, references };
}

/** One pass over the first `limit` documents that no seed wrote, in natural order. */
async function profileOf(request: ScaffoldRequest, name: string, limit: number): Promise<CollectionProfile> {
  const profiler = new CollectionProfiler(new Set(ALWAYS_SKIPPED));
  const cursor = request.db
    .collection(name)
    .find({ [BATCH_FIELD]: { $exists: false } }, { promoteLongs: false, batchSize: 1000 })
    .limit(limit);
  try {
    for await (const doc of cursor) {
      request.signal?.throwIfAborted();
      await profiler.add(doc);
    }
  } finally {
    await cursor.close();
  }
  return profiler.finish();
}

/** A collection the dataset links to: its tenant field (when its records have it) and live rule. */
async function linkOf(request: ScaffoldRequest, found: FoundReference): Promise<EmittedLink> {
  const profile = await profileOf(request, found.collection, LINKED_SAMPLE);
  const t = request.tenantField === undefined ? undefined : profile.paths.get(request.tenantField);
  return {
    name: found.collection,
    collection: found.collection,
    idField: found.idField,
    tenantField: t !== undefined && t.presence >= 0.9 ? request.tenantField : undefined,
    live: liveRuleOf(profile),
  };
}

/** Parents (collections others point at) before their children, otherwise in the order given. */
function parentsFirst(sources: readonly Source[], scaffolded: ReadonlySet<string>): Source[] {
  const out: Source[] = [];
  const left = [...sources];
  const done = new Set<string>();
  while (left.length > 0) {
    const ready = left.findIndex((s) =>
      [...s.references.values()].every(
        (r) => !scaffolded.has(r.collection) || done.has(r.collection) || r.collection === s.name,
      ),
    );
    // A cycle: the first left goes now; its references to the others become links.
    const next = left.splice(ready < 0 ? 0 : ready, 1)[0]!;
    out.push(next);
    done.add(next.name);
  }
  return out;
}

function tenantOf(sources: readonly Source[], field: string): EmittedTenant {
  for (const s of sources) {
    const p = s.profile.paths.get(field);
    if (!p) continue;
    const number = p.numberCounts.frequent(5)[0];
    const string = p.strings.frequent(5)[0];
    const best = [number, string].filter((v) => v !== undefined).sort((a, b) => b[1] - a[1])[0];
    if (best !== undefined) return { field, value: best[0] };
    throw new ConfigError(
      `--tenant-field ${field}: ${s.name} has no tenant value seen 5 times or more among integers or strings (ObjectId tenants are not supported)`,
      { code: 'BAD_INPUT' },
    );
  }
  throw new ConfigError(`--tenant-field ${field}: none of the collections has that field`, {
    code: 'BAD_INPUT',
  });
}

/** The count option of a collection: `leads`/`--leads`/`SEED_LEADS`, with `-count` when the engine has the name. */
function optionNames(
  collection: string,
  reserved: ReadonlySet<string>,
): { optionKey: string; flag: string; env: string } {
  const words = collection.split(/[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])/).filter(Boolean);
  const camel = words
    .map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase()))
    .join('');
  const kebab = words.map((w) => w.toLowerCase()).join('-');
  const snake = words.map((w) => w.toUpperCase()).join('_');
  const base = {
    optionKey: /^[a-z]/.test(camel) ? camel : `c${camel}`,
    flag: `--${kebab}`,
    env: `SEED_${snake}`,
  };
  const taken =
    [base.optionKey, base.flag, base.env].some((n) => reserved.has(n)) || base.optionKey === 'tenant';
  return taken
    ? { optionKey: `${base.optionKey}Count`, flag: `${base.flag}-count`, env: `${base.env}_COUNT` }
    : base;
}

/** 2025-10-10T12:00:00Z -> 20251010120000: migrate-mongo's file name prefix. */
function stamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}
