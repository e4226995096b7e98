import type { IdKind } from '../dataset/contract';
import type { FieldSpec, FieldSpecs } from './field-spec';
import type { ScaffoldLive } from './runtime';

/** One collection as the module declares it. */
export interface EmittedCollection {
  readonly name: string;
  /** The option (and the const) naming its count: `leads`, or `batchCount` when `batch` is taken. */
  readonly optionKey: string;
  readonly flag: string;
  readonly env: string;
  readonly sampled: number;
  readonly ids: IdKind;
  /** Whether the app's counters hold a counter for it (`ids: 'counter'`). */
  readonly counter: boolean;
  readonly fields: FieldSpecs;
  readonly live?: ScaffoldLive | undefined;
}

/** A link to a collection the dataset does not make (`owner_id` -> users). */
export interface EmittedLink {
  readonly name: string;
  readonly collection: string;
  readonly idField: 'id' | '_id';
  readonly tenantField?: string | undefined;
  readonly live?: ScaffoldLive | undefined;
}

export interface EmittedTenant {
  readonly field: string;
  readonly value: string | number;
}

export interface ModuleSpec {
  readonly name: string;
  readonly source: string;
  readonly refDate: Date;
  readonly collections: readonly EmittedCollection[];
  readonly links: readonly EmittedLink[];
  readonly tenant?: EmittedTenant | undefined;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A string as a single-quoted TypeScript literal: control characters and line separators escaped. */
export function quote(s: string): string {
  let out = "'";
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029)
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}

const key = (k: string): string => (IDENTIFIER.test(k) ? k : quote(k));

/** A value as a TypeScript literal on one line: objects `{ a: 1 }`, arrays `[1, 2]`. */
export function literal(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '0' : String(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return entries.length === 0
      ? '{}'
      : `{ ${entries.map(([k, v]) => `${key(k)}: ${literal(v)}`).join(', ')} }`;
  }
  throw new Error(`no literal for ${typeof value}`);
}

function fieldLine(path: string, spec: FieldSpec): string {
  return `  ${key(path)}: ${literal(spec)},`;
}

/** `(v) => v !== true && v !== 1`: the link's live test from the values that are not live. */
function liveTest(live: ScaffoldLive): string {
  return `(v) => ${live.notLive.map((v) => `v !== ${literal(v)}`).join(' && ')}`;
}

const plural = (n: number, one: string): string =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : `${one}s`}`;

/** The dataset module: the field specs of each collection, then the dataset built from them. */
export function datasetModule(spec: ModuleSpec): string {
  const out: string[] = [];
  const when = spec.refDate.toISOString();
  out.push(
    `// Scaffolded by \`crm-seed scaffold\` from ${spec.source} on ${when}:`,
    `// ${spec.collections.map((c) => `${c.name} (${plural(c.sampled, 'document')} sampled)`).join(', ')}.`,
    "// The only values copied from the source are the kept categories (`kind: 'category'` and",
    '// `values:` lists), each seen at least 5 times and never personal data: review them before',
    '// committing this file. What each field spec means: docs/scaffold.md.',
    "import { defineDataset, optionTypes, scaffoldedCollections } from 'crm-calls-seed';",
    "import type { FieldSpecs } from 'crm-calls-seed';",
    '',
    '/** The source\'s "now": dates are days relative to it here, and to the run\'s reference date when seeded. */',
    `export const REFERENCE_DATE = ${quote(when)};`,
  );
  for (const c of spec.collections) {
    const ids =
      c.ids === 'counter'
        ? `integer \`id\` from the app's counter${c.counter ? '' : ' (none yet)'}`
        : 'ObjectId `_id`';
    out.push('', `/** ${c.name}: ${plural(c.sampled, 'document')} sampled; ${ids}. */`);
    out.push(`export const ${constOf(c)}: FieldSpecs = {`);
    for (const [path, field] of Object.entries(c.fields)) out.push(fieldLine(path, field));
    out.push('};');
  }
  out.push('', 'export const dataset = defineDataset({');
  out.push(`  name: ${quote(spec.name)},`);
  out.push(
    `  describe: ${quote(`look-alike ${spec.collections.map((c) => c.name).join(', ')} scaffolded from ${spec.source}`)},`,
  );
  out.push('  options: {');
  for (const c of spec.collections) {
    out.push(`    ${key(c.optionKey)}: {`);
    out.push('      type: optionTypes.integer(1, 10_000_000),');
    out.push(`      default: ${Math.max(1, c.sampled)},`);
    out.push(`      env: ${quote(c.env)},`);
    out.push(`      flag: ${quote(c.flag)},`);
    out.push(`      describe: ${quote(`number of ${c.name}`)},`);
    out.push('    },');
  }
  if (spec.tenant) {
    const t = spec.tenant;
    out.push('    tenant: {');
    out.push(
      typeof t.value === 'number'
        ? '      type: optionTypes.integer(-2_147_483_648, 2_147_483_647),'
        : "      type: optionTypes.name('tenant'),",
    );
    out.push(`      default: ${literal(t.value)},`);
    out.push("      env: 'SEED_TENANT',");
    out.push("      flag: '--tenant',");
    out.push(
      `      describe: ${quote(`${t.field} of the documents, and the tenant whose records they link to`)},`,
    );
    out.push('    },');
  }
  out.push('  },');
  if (spec.links.length > 0) {
    out.push(`  links: (${spec.tenant ? 'o' : '_o'}) => ({`);
    for (const l of spec.links) {
      const parts = [`collection: ${quote(l.collection)}`, `idField: ${quote(l.idField)}`];
      if (l.tenantField !== undefined && spec.tenant)
        parts.push(`tenantField: ${quote(l.tenantField)}`, 'tenant: o.tenant');
      if (l.live) parts.push(`live: { field: ${quote(l.live.field)}, test: ${liveTest(l.live)} }`);
      out.push(`    ${key(l.name)}: { ${parts.join(', ')} },`);
    }
    out.push('  }),');
  }
  const tenant = spec.tenant ? ', tenant: o.tenant' : '';
  out.push(`  collections: (o, run) =>`);
  out.push(`    scaffoldedCollections({ seed: run.seed${tenant} }, [`);
  for (const c of spec.collections) {
    const parts = [
      `name: ${quote(c.name)}`,
      `count: o.${c.optionKey}`,
      `ids: ${quote(c.ids)}`,
      `fields: ${constOf(c)}`,
      'referenceDate: REFERENCE_DATE',
    ];
    if (c.live) parts.push(`live: ${literal(c.live)}`);
    out.push(`      { ${parts.join(', ')} },`);
  }
  out.push('    ]),');
  out.push(`  sample: { collection: ${quote(spec.collections[0]?.name ?? '')} },`);
  out.push('});', '', 'export default dataset;', '');
  return out.join('\n');
}

/** `leads` -> leadsFields, `user-events` -> userEventsFields. */
function constOf(c: EmittedCollection): string {
  const camel = c.name.replace(/[^A-Za-z0-9]+(.)?/g, (_, ch: string | undefined) => (ch ?? '').toUpperCase());
  const safe = /^[A-Za-z_]/.test(camel) ? camel : `c${camel}`;
  return `${safe}Fields`;
}

/** The seed file: the dataset module's dataset as a migrate-mongo migration. */
export function seedFileText(spec: ModuleSpec, datasetImport: string): string {
  return [
    `// Seeds look-alike ${spec.collections.map((c) => c.name).join(', ')} (scaffolded from ${spec.source}); \`down\` removes exactly this batch.`,
    "import { defineSeed } from 'crm-calls-seed';",
    `import { dataset } from ${quote(datasetImport)};`,
    '',
    'export = defineSeed(__filename, dataset, {});',
    '',
  ].join('\n');
}
