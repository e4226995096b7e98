import { ConfigError } from '../errors';
import type { BuiltDataset, Dataset, LinkSpec } from './contract';
import type { OptionSpec, OptionsTable } from './options-table';

/** Largest count of one collection in one batch (all parents' children together). */
export const MAX_DOCUMENTS = 10_000_000;
const NAME = /^[A-Za-z0-9_.-]{1,63}$/;
const FIELD = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;
const RESERVED = new Set(['seed_batches', 'seed_locks']);
const ENV = /^[A-Z][A-Z0-9_]{0,99}$/;
const FLAG = /^--[a-z][a-z0-9-]{0,62}$/;

const fail = (where: string, message: string): never => {
  throw new ConfigError(`${where}: ${message}`, { code: 'BAD_INPUT' });
};

const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** A collection name a dataset may write or link to. */
export function checkCollectionName(name: unknown, label: string, where: string): void {
  if (typeof name !== 'string' || !NAME.test(name) || name.startsWith('system.')) {
    fail(where, `${label}: name must be 1-63 letters, digits, '_', '.' or '-' (got ${JSON.stringify(name)})`);
  }
  if (RESERVED.has(name as string)) fail(where, `${label}: "${name as string}" is the seed's own collection`);
}

/**
 * Checks what a dataset declares about itself, before any option is resolved: its name and
 * its options table (types, env names, flags, no two options sharing one). One line naming
 * the dataset and the option that is wrong.
 */
export function checkDefinition(dataset: Dataset<OptionsTable>, where = 'dataset'): void {
  if (typeof dataset !== 'object' || dataset === null)
    fail(where, 'a dataset must be an object { name, collections }');
  if (typeof dataset.name !== 'string' || !NAME.test(dataset.name)) {
    fail(where, `name must be 1-63 letters, digits, '_', '.' or '-' (got ${JSON.stringify(dataset.name)})`);
  }
  const at = `dataset ${dataset.name}`;
  const c = dataset.collections as unknown;
  if (!Array.isArray(c) && typeof c !== 'function') {
    fail(
      at,
      '`collections` must be an array of { name, count, make }, or a function of the options returning one',
    );
  }
  const options = dataset.options ?? {};
  if (typeof options !== 'object' || options === null)
    fail(at, '`options` must be an object of option specs');
  const seen = new Map<string, string>();
  for (const [key, spec] of Object.entries(options)) {
    const label = `option "${key}"`;
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(key)) fail(at, `${label}: its key must be an identifier`);
    if (typeof spec?.type?.parse !== 'function' || typeof spec.type.allowed !== 'string') {
      fail(at, `${label}: type must be an option type such as optionTypes.integer(1, 1000)`);
    }
    if (spec.env !== undefined && (typeof spec.env !== 'string' || !ENV.test(spec.env))) {
      fail(
        at,
        `${label}: env must be an upper-case variable name such as SEED_TICKETS (got ${JSON.stringify(spec.env)})`,
      );
    }
    if (spec.flag !== undefined && (typeof spec.flag !== 'string' || !FLAG.test(spec.flag))) {
      fail(at, `${label}: flag must be a long flag such as --tickets (got ${JSON.stringify(spec.flag)})`);
    }
    for (const name of [spec.env, spec.flag]) {
      if (name === undefined) continue;
      const other = seen.get(name);
      if (other !== undefined) fail(at, `${label} and option "${other}" both use ${name}`);
      seen.set(name, key);
    }
    if (spec.default !== undefined && !spec.type.parse(spec.default).ok) {
      fail(at, `${label}: its default ${JSON.stringify(spec.default)} is not ${spec.type.allowed}`);
    }
    for (const other of spec.conflicts ?? []) {
      if (!Object.hasOwn(options, other))
        fail(at, `${label}: conflicts names "${other}", which is not an option`);
    }
  }
}

/** A link as declared: a valid collection, a tenant with its field, the id field, fields by name. */
export function checkLink(name: string, link: LinkSpec, where: string): void {
  const label = `link "${name}"`;
  if (typeof link !== 'object' || link === null) fail(where, `${label} must be an object { collection, … }`);
  checkCollectionName(link.collection, label, where);
  if (link.idField !== undefined && link.idField !== 'id' && link.idField !== '_id') {
    fail(where, `${label}: idField must be "id" or "_id" (got ${JSON.stringify(link.idField)})`);
  }
  if (link.tenantField !== undefined) {
    if (typeof link.tenantField !== 'string' || !FIELD.test(link.tenantField)) {
      fail(where, `${label}: tenantField must be a field name (got ${JSON.stringify(link.tenantField)})`);
    }
    if (!['string', 'number', 'boolean'].includes(typeof link.tenant)) {
      fail(
        where,
        `${label}: tenantField "${link.tenantField}" needs the tenant's value (tenant: a string, number or boolean)`,
      );
    }
  } else if (link.tenant !== undefined) {
    fail(where, `${label}: tenant needs tenantField, the field that holds it`);
  }
  if (
    link.live !== undefined &&
    (typeof link.live?.field !== 'string' ||
      !FIELD.test(link.live.field) ||
      typeof link.live.test !== 'function')
  ) {
    fail(
      where,
      `${label}: live must be { field, test }, e.g. { field: 'archived', test: (v) => v !== true }`,
    );
  }
  for (const field of link.fields ?? []) {
    if (typeof field !== 'string' || !FIELD.test(field) || field === '_id') {
      fail(where, `${label}: fields must be field names (got ${JSON.stringify(field)})`);
    }
  }
  for (const [field, value] of Object.entries(link.filter ?? {})) {
    if (!FIELD.test(field) || (value !== null && typeof value === 'object')) {
      fail(
        where,
        `${label}: filter must map field names to plain values (got ${field}: ${JSON.stringify(value)})`,
      );
    }
  }
}

/**
 * Checks a built dataset before anything is written: one line naming the collection and the
 * option that is wrong. Returns each collection's total document count.
 */
export function checkDataset(spec: BuiltDataset, where: string): Map<string, number> {
  const totals = new Map<string, number>();
  if (!spec || !Array.isArray(spec.collections) || spec.collections.length === 0) {
    fail(where, '`collections` must be a non-empty array of { name, count, make }');
  }
  spec.collections.forEach((c, i) => {
    const label = typeof c?.name === 'string' ? `collection "${c.name}"` : `collections[${i}]`;
    if (typeof c !== 'object' || c === null) fail(where, `${label} must be an object { name, count, make }`);
    checkCollectionName(c.name, label, where);
    if (totals.has(c.name)) fail(where, `${label} appears twice`);
    if (typeof c.make !== 'function') fail(where, `${label}: make must be a function (got ${typeof c.make})`);
    if (c.setup !== undefined && typeof c.setup !== 'function')
      fail(where, `${label}: setup must be a function`);
    if (c.ids !== undefined && c.ids !== 'counter' && c.ids !== 'objectId') {
      fail(where, `${label}: ids must be "counter" or "objectId" (got ${JSON.stringify(c.ids)})`);
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
        where,
        `${label}: count must be an integer from ${perParent ? 0 : 1} to ${grouped(max)}${perParent ? ' per parent' : ''} (got ${JSON.stringify(c.count)})`,
      );
    }
    let total = c.count;
    if (perParent) {
      const parentTotal = totals.get(String(c.per));
      if (parentTotal === undefined) {
        const known = [...totals.keys()];
        fail(
          where,
          `${label}: per "${String(c.per)}" is not an earlier collection of this dataset${known.length ? ` (earlier: ${known.join(', ')})` : ''}`,
        );
      }
      total = c.count * (parentTotal as number);
      if (total > MAX_DOCUMENTS) {
        fail(where, `${label}: ${grouped(total)} documents in all, more than ${grouped(MAX_DOCUMENTS)}`);
      }
    }
    totals.set(c.name, total);
  });
  for (const link of spec.links) checkLink(link.name, link, where);
  return totals;
}

/**
 * Datasets offered side by side (the built-in ones) must agree where their options meet: an
 * env name or flag two of them use names one option, of one type and default. A clash is an
 * error, not "the first one wins".
 */
export function checkAgreeing(datasets: readonly Dataset<OptionsTable>[]): void {
  const seen = new Map<
    string,
    { readonly dataset: string; readonly key: string; readonly spec: OptionSpec }
  >();
  for (const dataset of datasets) {
    checkDefinition(dataset, `dataset ${String(dataset.name)}`);
    for (const [key, spec] of Object.entries(dataset.options ?? {})) {
      for (const name of [spec.env, spec.flag]) {
        if (name === undefined) continue;
        const other = seen.get(name);
        if (!other) {
          seen.set(name, { dataset: dataset.name, key, spec });
          continue;
        }
        const same =
          other.key === key &&
          other.spec.type.allowed === spec.type.allowed &&
          other.spec.default === spec.default;
        if (!same) {
          throw new ConfigError(
            `datasets ${other.dataset} and ${dataset.name} both use ${name}, for ${other.key} (${other.spec.type.allowed}, default ${String(other.spec.default)}) and ${key} (${spec.type.allowed}, default ${String(spec.default)}); one name must mean one option`,
            { code: 'BAD_INPUT' },
          );
        }
      }
    }
  }
}
