import type { Db, Document, Filter } from 'mongodb';
import { ConfigError } from '../errors';
import { BATCH_FIELD, RUN_FIELD } from '../schema/marker';
import { SEED_BATCHES } from '../write/registry/collections';
import type { LinkSpec } from '../dataset/contract';
import type { FieldSpec } from './field-spec';
import { VALUE_TYPES } from './field-spec';
import { CollectionProfiler } from './profile';
import type { CollectionProfile, PathProfile } from './profile';
import type { ScaffoldedCollection } from './runtime';
import { hash53, plainQuantile } from './sketches';
import { formatOf } from './string-formats';

/** The thresholds `crm-seed fidelity` holds a generated batch to (docs/scaffold.md). */
export const THRESHOLDS = {
  /** Presence and each type's share: at most this far from the source's. */
  share: 0.05,
  /** Category (and boolean, and array length) frequencies: total-variation distance at most this. */
  totalVariation: 0.1,
  /** p5, p50 and p95 of numbers: within this share of the source's value. */
  quantile: 0.1,
  /** Dates: p50 within this many days (p5 and p95 within it, or within `quantile` of the source's distance to its reference date). */
  days: 1,
  /** Generated strings shorter than this are not looked up in the source (a 5-digit code matches by chance). */
  leakLength: 6,
} as const;

const DAY_MS = 86_400_000;
const QUANTILES = [0.05, 0.5, 0.95] as const;

export interface FidelityRequest {
  readonly db: Db;
  /** The batch's collection (its documents are read by their marker). */
  readonly collection: string;
  readonly batch: string;
  /** The scaffolded collection's spec, from the seed file's dataset. */
  readonly spec: ScaffoldedCollection;
  /** The scaffolded collections of the same dataset, for `parent` references (their ids and live rules). */
  readonly siblings: readonly ScaffoldedCollection[];
  /** The dataset's links, by name, for `link` references. */
  readonly links: ReadonlyMap<string, LinkSpec>;
  /** The source: its database and collection; its documents without a marker are read. */
  readonly sourceDb: Db;
  readonly against: string;
  /** Source documents read (the first ones, as scaffold reads them). */
  readonly sample: number;
}

/** One field path compared: each check's verdict and the figures behind it. */
export interface FieldRow {
  readonly path: string;
  readonly presence: readonly [source: number | undefined, generated: number | undefined];
  /** The largest difference of one type's share. */
  readonly typeGap: number;
  /** What was compared of its values, e.g. "TV 0.02", "p50 1113 / 1098", "refs 3000/3000". */
  readonly values: string;
  readonly problems: readonly string[];
}

export interface FidelityReport {
  readonly collection: string;
  readonly against: string;
  readonly batch: string;
  readonly generated: number;
  readonly source: number;
  readonly rows: readonly FieldRow[];
  /** Checks of the whole batch: references, duplicates, leaks. */
  readonly checks: readonly { readonly name: string; readonly ok: boolean; readonly detail: string }[];
  readonly ok: boolean;
}

/**
 * Compares a generated batch with its source, field path by field path, with the same
 * one-pass statistics scaffold inferred from (mongodb-schema and the sketches): presence,
 * type mix, categories, quantiles, date windows; then the references, the unique fields and
 * the leak check over the whole batch.
 */
export async function checkFidelity(request: FidelityRequest): Promise<FidelityReport> {
  const { spec } = request;
  const entry = await request.db
    .collection<{ _id: string; refDate?: Date }>(SEED_BATCHES)
    .findOne({ _id: request.batch }, { projection: { refDate: 1 } });
  if (entry === null) {
    throw new ConfigError(
      `batch ${request.batch} is not in ${SEED_BATCHES}: apply the seed file first (migrate-mongo up), or name the batch with --batch`,
      { code: 'BAD_INPUT' },
    );
  }
  const genRef = (entry.refDate ?? new Date()).getTime();
  const srcRef = Date.parse(spec.referenceDate ?? new Date(genRef).toISOString());
  const skip = new Set(['_id', BATCH_FIELD, RUN_FIELD, ...(spec.ids === 'counter' ? ['id'] : [])]);

  // The generated batch: its profile, its references, its strings (for the leak check) and unique values.
  const generated = new CollectionProfiler(skip);
  const refPaths = Object.entries(spec.fields).filter(
    ([, f]) => f.link !== undefined || f.parent !== undefined,
  );
  const tenantPath = Object.entries(spec.fields).find(([, f]) => f.tenant === true)?.[0];
  const refs = new Map<string, Map<string, { value: unknown; tenants: Set<string> }>>();
  const leakable = new Map<number, string>();
  const uniquePaths = Object.entries(spec.fields)
    .filter(([, f]) => f.unique === true)
    .map(([p]) => p);
  const uniqueSeen = new Map<string, Set<number>>(uniquePaths.map((p) => [p, new Set<number>()]));
  const duplicates = new Map<string, number>();
  for await (const doc of request.db
    .collection(request.collection)
    .find({ [BATCH_FIELD]: request.batch }, { promoteLongs: false, batchSize: 1000 })) {
    await generated.add(doc);
    const tenant = tenantPath === undefined ? '' : keyOf(doc[tenantPath]);
    for (const [path] of refPaths) {
      const seen = refs.get(path) ?? new Map<string, { value: unknown; tenants: Set<string> }>();
      refs.set(path, seen);
      for (const v of valuesAt(doc, path)) {
        if (v === null || v === undefined) continue;
        const k = keyOf(v);
        const at = seen.get(k) ?? { value: v, tenants: new Set<string>() };
        at.tenants.add(tenant);
        seen.set(k, at);
      }
    }
    for (const [path, seen] of uniqueSeen) {
      for (const v of valuesAt(doc, path)) {
        if (v === null || v === undefined) continue;
        const h = hash53(keyOf(v));
        if (seen.has(h)) duplicates.set(path, (duplicates.get(path) ?? 0) + 1);
        else seen.add(h);
      }
    }
    collectLeakable(doc, '', spec, leakable, skip);
  }
  const gen = generated.finish();

  // The source: the same profile, and every string looked up among the generated ones.
  const source = new CollectionProfiler(skip);
  const leaks = new Map<string, number>();
  const collisions = new Map<string, number>();
  const sourceCursor = request.sourceDb
    .collection(request.against)
    .find({ [BATCH_FIELD]: { $exists: false } }, { promoteLongs: false, batchSize: 1000 })
    .limit(request.sample);
  for await (const doc of sourceCursor) {
    await source.add(doc);
    forEachString(doc, (s) => {
      const path = leakable.get(hash53(s));
      if (path !== undefined) leaks.set(path, (leaks.get(path) ?? 0) + 1);
    });
    for (const [path, seen] of uniqueSeen) {
      for (const v of valuesAt(doc, path)) {
        if (v !== null && v !== undefined && seen.has(hash53(keyOf(v))))
          collisions.set(path, (collisions.get(path) ?? 0) + 1);
      }
    }
  }
  const src = source.finish();

  const rows = comparePaths(src, gen, spec, { srcRef, genRef });
  const checks: { name: string; ok: boolean; detail: string }[] = [];
  const pathsOnlyIn = (a: CollectionProfile, b: CollectionProfile): string[] =>
    [...a.paths.keys()].filter(
      (p) => !skip.has(p) && !b.paths.has(p) && absolutePresence(a, p) >= THRESHOLDS.share,
    );
  const missing = pathsOnlyIn(src, gen);
  const extra = pathsOnlyIn(gen, src);
  checks.push({
    name: 'same field paths',
    ok: missing.length === 0 && extra.length === 0,
    detail:
      missing.length + extra.length === 0
        ? `${[...gen.paths.keys()].filter((p) => !skip.has(p)).length} paths`
        : [
            missing.length ? `missing: ${missing.join(', ')}` : '',
            extra.length ? `not in the source: ${extra.join(', ')}` : '',
          ]
            .filter(Boolean)
            .join('; '),
  });
  for (const [path, field] of refPaths) {
    const result = await resolveReferences(request, field, refs.get(path) ?? new Map());
    checks.push({ name: `references ${path}`, ok: result.unresolved === 0, detail: result.detail });
  }
  const dupDetail = [...duplicates].map(([p, n]) => `${p}: ${n} repeated in the batch`);
  const colDetail = [...collisions].map(([p, n]) => `${p}: ${n} equal to a source value`);
  checks.push({
    name: 'no duplicate keys',
    ok: dupDetail.length === 0 && colDetail.length === 0,
    detail:
      uniquePaths.length === 0
        ? 'no unique field'
        : [...dupDetail, ...colDetail].join('; ') || `unique: ${uniquePaths.join(', ')}`,
  });
  checks.push({
    name: 'no source string outside the kept categories',
    ok: leaks.size === 0,
    detail:
      leaks.size === 0
        ? `${leakable.size} distinct generated strings looked up`
        : [...leaks].map(([p, n]) => `${p}: ${n} source value(s) generated`).join('; '),
  });
  return {
    collection: request.collection,
    against: request.against,
    batch: request.batch,
    generated: gen.documents,
    source: src.documents,
    rows,
    checks,
    ok: rows.every((r) => r.problems.length === 0) && checks.every((c) => c.ok),
  };
}

/** A path's share of all documents: its presence times its parents'. */
function absolutePresence(profile: CollectionProfile, path: string): number {
  let share = 1;
  for (let p: string | undefined = path; p; p = parentOf(p)) {
    if (p.endsWith('[]')) continue;
    share *= profile.paths.get(p)?.presence ?? 0;
  }
  return share;
}

function parentOf(path: string): string | undefined {
  if (path.endsWith('[]')) return path.slice(0, -2);
  const dot = path.lastIndexOf('.');
  return dot < 0 ? undefined : path.slice(0, dot);
}

function comparePaths(
  src: CollectionProfile,
  gen: CollectionProfile,
  spec: ScaffoldedCollection,
  refs: { srcRef: number; genRef: number },
): FieldRow[] {
  const rows: FieldRow[] = [];
  for (const [path, field] of Object.entries(spec.fields)) {
    const s = src.paths.get(path);
    const g = gen.paths.get(path);
    const problems: string[] = [];
    const isElement = path.endsWith('[]');
    const presence: [number | undefined, number | undefined] = [
      s === undefined ? undefined : isElement ? 1 : s.presence,
      g === undefined ? undefined : isElement ? 1 : g.presence,
    ];
    if (Math.abs((presence[0] ?? 0) - (presence[1] ?? 0)) > THRESHOLDS.share) problems.push('presence');
    const typeGap = s && g ? maxGap(s.types, g.types) : 1;
    if (typeGap > THRESHOLDS.share) problems.push('types');
    const values = s && g ? compareValues(s, g, field, refs, problems) : '';
    rows.push({ path, presence, typeGap, values, problems });
  }
  return rows;
}

function maxGap(a: PathProfile['types'], b: PathProfile['types']): number {
  let gap = 0;
  for (const t of [...VALUE_TYPES, 'other'] as const)
    gap = Math.max(gap, Math.abs((a[t] ?? 0) - (b[t] ?? 0)));
  return gap;
}

/** The value checks a field's spec calls for; problems named into `problems`. */
function compareValues(
  s: PathProfile,
  g: PathProfile,
  field: FieldSpec,
  refs: { srcRef: number; genRef: number },
  problems: string[],
): string {
  if (field.tenant || field.link !== undefined || field.parent !== undefined) return '';
  const parts: string[] = [];
  const numberCategories = [field.int, field.double, field.long, field.decimal].some(
    (n) => n !== undefined && 'values' in n,
  );
  if (field.string?.kind === 'category')
    parts.push(tv('categories', s.strings.counts, g.strings.counts, problems));
  if (numberCategories) parts.push(tv('categories', s.numberCounts.counts, g.numberCounts.counts, problems));
  if (field.bool) {
    const gap = Math.abs(s.trues / (s.bools || 1) - g.trues / (g.bools || 1));
    parts.push(`true ${share(s.trues / (s.bools || 1))}/${share(g.trues / (g.bools || 1))}`);
    if (gap > THRESHOLDS.totalVariation) problems.push('booleans');
  }
  if (field.array) parts.push(tv('lengths', s.lengths.counts, g.lengths.counts, problems));
  const numberQuantiles = [field.int, field.double, field.long, field.decimal].some(
    (n) => n !== undefined && 'quantiles' in n,
  );
  if (numberQuantiles && !numberCategories)
    parts.push(quantiles(s.numbers.sorted(), g.numbers.sorted(), problems));
  if (field.date) parts.push(dates(s.dates.sorted(), g.dates.sorted(), refs, problems));
  if (field.string?.kind === 'isoDate')
    parts.push(dates(s.isoDates.sorted(), g.isoDates.sorted(), refs, problems));
  return parts.join('; ');
}

const share = (x: number): string => x.toFixed(2);

/** Total-variation distance of two frequency tables. */
function tv<K>(
  what: string,
  a: ReadonlyMap<K, number>,
  b: ReadonlyMap<K, number>,
  problems: string[],
): string {
  const total = (m: ReadonlyMap<K, number>): number => [...m.values()].reduce((x, y) => x + y, 0) || 1;
  const ta = total(a);
  const tb = total(b);
  let d = 0;
  for (const k of new Set([...a.keys(), ...b.keys()]))
    d += Math.abs((a.get(k) ?? 0) / ta - (b.get(k) ?? 0) / tb);
  const distance = d / 2;
  if (distance > THRESHOLDS.totalVariation) problems.push(what);
  return `${what} TV ${distance.toFixed(3)}`;
}

function quantiles(a: Float64Array, b: Float64Array, problems: string[]): string {
  if (a.length === 0 || b.length === 0) return '';
  const out: string[] = [];
  let bad = false;
  const span = plainQuantile(a, 0.95) - plainQuantile(a, 0.05);
  for (const p of QUANTILES) {
    const x = plainQuantile(a, p);
    const y = plainQuantile(b, p);
    const tolerance = Math.max(THRESHOLDS.quantile * Math.abs(x), 0.01 * span);
    if (Math.abs(x - y) > tolerance) bad = true;
    out.push(`p${p * 100} ${short(x)}/${short(y)}`);
  }
  if (bad) problems.push('quantiles');
  return out.join(' ');
}

function dates(
  a: Float64Array,
  b: Float64Array,
  refs: { srcRef: number; genRef: number },
  problems: string[],
): string {
  if (a.length === 0 || b.length === 0) return '';
  const out: string[] = [];
  let bad = false;
  for (const p of QUANTILES) {
    const x = (plainQuantile(a, p) - refs.srcRef) / DAY_MS;
    const y = (plainQuantile(b, p) - refs.genRef) / DAY_MS;
    const tolerance =
      p === 0.5 ? THRESHOLDS.days : Math.max(THRESHOLDS.days, THRESHOLDS.quantile * Math.abs(x));
    if (Math.abs(x - y) > tolerance) bad = true;
    out.push(`p${p * 100} ${x.toFixed(1)}d/${y.toFixed(1)}d`);
  }
  if (bad) problems.push('dates');
  return out.join(' ');
}

function short(x: number): string {
  return Math.abs(x) >= 100 ? String(Math.round(x)) : String(Math.round(x * 100) / 100);
}

/** Every generated value of a reference path found in its target, of the document's tenant and live. */
async function resolveReferences(
  request: FidelityRequest,
  field: FieldSpec,
  seen: ReadonlyMap<string, { value: unknown; tenants: Set<string> }>,
): Promise<{ unresolved: number; detail: string }> {
  let target: {
    collection: string;
    idField: 'id' | '_id';
    tenantField?: string | undefined;
    live?: (doc: Document) => boolean;
  };
  if (field.link !== undefined) {
    const link = request.links.get(field.link);
    if (!link) return { unresolved: seen.size, detail: `link ${field.link} is not in the dataset` };
    const live = link.live;
    target = {
      collection: link.collection,
      idField: link.idField ?? 'id',
      tenantField: link.tenantField,
      live: live ? (d) => live.test(d[live.field]) : undefined,
    };
  } else {
    const parent = request.siblings.find((c) => c.name === field.parent);
    if (!parent)
      return { unresolved: seen.size, detail: `collection ${String(field.parent)} is not in the dataset` };
    const tenantField = Object.entries(parent.fields).find(([, f]) => f.tenant === true)?.[0];
    const rule = parent.live;
    target = {
      collection: parent.name,
      idField: parent.ids === 'objectId' ? '_id' : 'id',
      tenantField,
      live: rule ? (d) => !rule.notLive.includes(d[rule.field] as never) : undefined,
    };
  }
  const found = new Map<string, Document>();
  const values = [...seen.values()].map((v) => v.value);
  for (let i = 0; i < values.length; i += 1000) {
    const cursor = request.db
      .collection(target.collection)
      .find({ [target.idField]: { $in: values.slice(i, i + 1000) } } as Filter<Document>);
    for await (const doc of cursor) found.set(keyOf(doc[target.idField]), doc);
  }
  let unresolved = 0;
  let pairs = 0;
  for (const [k, { tenants }] of seen) {
    const doc = found.get(k);
    for (const tenant of tenants) {
      pairs++;
      const tenantOk =
        target.tenantField === undefined || tenant === '' || keyOf(doc?.[target.tenantField]) === tenant;
      if (!doc || !tenantOk || (target.live && !target.live(doc))) unresolved++;
    }
  }
  const where = `${target.collection}.${target.idField}${target.tenantField ? ` of the tenant` : ''}`;
  return {
    unresolved,
    detail: `${pairs - unresolved}/${pairs} distinct values resolve to live ${where}`,
  };
}

/** Values at a path: `a.b` one value, `tags[]` each element, `items[].sku` each element's. */
export function valuesAt(doc: unknown, path: string): unknown[] {
  let current: unknown[] = [doc];
  for (const part of path.split('.')) {
    const element = part.endsWith('[]');
    const key = element ? part.slice(0, -2) : part;
    const next: unknown[] = [];
    for (const c of current) {
      if (typeof c !== 'object' || c === null) continue;
      const v = (c as Record<string, unknown>)[key];
      if (v === undefined) continue;
      if (element) {
        if (Array.isArray(v)) next.push(...(v as unknown[]));
      } else next.push(v);
    }
    current = next;
  }
  return current;
}

function keyOf(v: unknown): string {
  if (typeof v === 'object' && v !== null) {
    const hex = (v as { toHexString?: unknown }).toHexString;
    if (typeof hex === 'function') return `oid:${String((hex as () => string).call(v))}`;
    return (v as { toString(): string }).toString();
  }
  return `${typeof v}:${String(v)}`;
}

/** Kinds made from faker's word lists: a common first name or city matches real data by chance. */
const POOL_KINDS = new Set(['personName', 'firstName', 'lastName', 'company', 'street', 'city', 'word']);

/**
 * The generated strings to look up in the source: all but the kept categories, the ISO dates
 * and numbers (values, not identities), the pool kinds, and strings under THRESHOLDS.leakLength.
 */
function collectLeakable(
  value: unknown,
  path: string,
  spec: ScaffoldedCollection,
  out: Map<number, string>,
  skip: ReadonlySet<string>,
): void {
  if (typeof value === 'string') {
    const kind = spec.fields[path]?.string?.kind;
    if (kind === 'category' || kind === 'isoDate' || (kind !== undefined && POOL_KINDS.has(kind))) return;
    if (value.length < THRESHOLDS.leakLength) return;
    const format = formatOf(value);
    if (format === 'isoDate' || format === 'numeric') return;
    out.set(hash53(value), path);
    return;
  }
  if (typeof value !== 'object' || value === null || '_bsontype' in value || value instanceof Date) return;
  if (Array.isArray(value)) {
    for (const v of value as unknown[]) collectLeakable(v, `${path}[]`, spec, out, skip);
    return;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (path === '' && skip.has(k)) continue;
    collectLeakable(v, path === '' ? k : `${path}.${k}`, spec, out, skip);
  }
}

/** Every string anywhere in a document. */
function forEachString(value: unknown, visit: (s: string) => void): void {
  if (typeof value === 'string') {
    visit(value);
    return;
  }
  if (typeof value !== 'object' || value === null || '_bsontype' in value || value instanceof Date) return;
  if (Array.isArray(value)) for (const v of value as unknown[]) forEachString(v, visit);
  else for (const v of Object.values(value as Record<string, unknown>)) forEachString(v, visit);
}
