import { activityLogForCall } from './activity-log-for-call';
import { createCallFactory } from './call-factory';
import type { CrmEntities } from './call-links';
import type { CollectionSpec, DatasetSpec, ExistingDoc, RowImport } from '../../generate/dataset';
import { callsSummary } from './summary';
import { ukeyOf } from './ukey';
import { checkDataset } from '../../generate/dataset';
import { generateDataset } from '../../generate/dataset-generation';
import type { DatasetChunk, DatasetPlan } from '../../generate/dataset-generation';
import { buildTextPools } from './text-pools';
import type { TextPools } from './text-pools';
import type { Faker } from '../../generate/faker-type';
import { callsColumns, callsRowImport, callsSchemas } from './on-demand';
import type { ActivityLogDoc, CallDoc } from './schema';

/** The built-in dataset: the CRM app's calls, each with its "call_created" activity log. */
export const CALLS = 'calls';
export const ACTIVITY_LOGS = 'activity_logs';

export type { CrmLinks, GenerationPlan } from './plan';
import type { CrmLinks, GenerationPlan } from './plan';

/** Fields loaded from linked records besides `id`: what names them. */
const NAME_FIELDS = ['name', 'full_name', 'first_name', 'last_name', 'account_name', 'deal_name', 'title'];

/**
 * The calls dataset in the generic dataset API: calls (the root), one activity log per call.
 * With `links`, calls point at the tenant's live leads, contacts, accounts, deals and users.
 */
export function crmCallsDataset(plan: GenerationPlan, links?: CrmLinks): DatasetSpec {
  const entitiesOf = (existing: (collection: string) => readonly ExistingDoc[]): CrmEntities =>
    links
      ? {
          Lead: existing(links.leads),
          Contact: existing(links.contacts),
          Account: existing(links.accounts),
          Deal: existing(links.deals),
          users: existing(links.users),
        }
      : { Lead: [], Contact: [], Account: [], Deal: [], users: [] };
  // The pools depend on the seed alone: built once for the up's preflight and its run (~30 ms of faker).
  let pools: { readonly seed: number; readonly pools: TextPools } | undefined;
  const poolsFor = (seed: number, faker: Faker): TextPools =>
    (pools?.seed === seed ? pools : (pools = { seed, pools: buildTextPools(faker) })).pools;
  let rowImport: RowImport | undefined; // built on first use, like the schemas
  const calls: CollectionSpec<CallDoc, (id: number) => CallDoc> = {
    name: CALLS,
    count: plan.count,
    // The text pools come from this collection's faker, seeded with the run's seed.
    setup: ({ random, faker, seed, existing }) =>
      createCallFactory(random, poolsFor(seed, faker), plan.options, entitiesOf(existing)),
    make: ({ id, state }) => state(id as number),
    // Read by verify, import and CSV files only: loaded then (./on-demand.ts).
    get schema() {
      return callsSchemas().callSchema;
    },
    get columns() {
      return callsColumns().CALL_COLUMNS;
    },
    unique: ['ukey'],
    idKeys: [ukeyOf(plan.options.tenantId)],
  };
  return {
    collections: [
      calls,
      {
        name: ACTIVITY_LOGS,
        per: CALLS,
        count: 1,
        make: ({ id, parent }) => activityLogForCall(parent as CallDoc, id as number),
        get schema() {
          return callsSchemas().activityLogSchema;
        },
        get columns() {
          return callsColumns().LOG_COLUMNS;
        },
        parentField: 'entity_id',
      },
    ],
    summary: () => callsSummary(plan, CALLS),
    get import() {
      return (rowImport ??= callsRowImport().callsImport(
        { calls: CALLS, logs: ACTIVITY_LOGS },
        { tenantId: plan.options.tenantId, userId: plan.options.userId, importedAt: plan.options.refDate },
      ));
    },
    links: links
      ? [links.leads, links.contacts, links.accounts, links.deals, links.users].map((collection) => ({
          collection,
          fields: NAME_FIELDS,
          tenantId: links.tenantId,
        }))
      : undefined,
  };
}

/** The run of the calls dataset as the engine runs any dataset. */
export function crmDatasetPlan(
  plan: GenerationPlan,
  links?: CrmLinks,
  existing: ReadonlyMap<string, readonly ExistingDoc[]> = new Map(),
): DatasetPlan {
  const spec = crmCallsDataset(plan, links);
  return {
    batch: plan.options.batch,
    seed: plan.seed,
    refDate: plan.options.refDate,
    spec,
    totals: checkDataset(spec, 'calls dataset'),
    existing,
  };
}

export interface DocChunk {
  readonly calls: CallDoc[];
  readonly logs: ActivityLogDoc[];
}

/**
 * The plan's calls and logs in chunks of chunkSize, ids counting up from the given first ids
 * (files, previews and tests; no database). The same documents at any chunk size.
 */
export function* generateChunks(
  plan: GenerationPlan,
  firstCallId: number,
  firstLogId: number,
  chunkSize: number,
): Generator<DocChunk> {
  const firstIds = { [CALLS]: firstCallId, [ACTIVITY_LOGS]: firstLogId };
  for (const chunk of generateDataset(crmDatasetPlan(plan), firstIds, chunkSize)) {
    const docs = (name: string) => chunk.groups.find((g) => g.collection === name)?.docs ?? [];
    yield { calls: docs(CALLS) as CallDoc[], logs: docs(ACTIVITY_LOGS) as ActivityLogDoc[] };
  }
}

/** Calls and their logs as one chunk of the dataset engine (import builds them from files). */
export function toDatasetChunk(chunk: DocChunk): DatasetChunk {
  return {
    groups: [
      { collection: CALLS, docs: chunk.calls },
      { collection: ACTIVITY_LOGS, docs: chunk.logs },
    ],
    roots: chunk.calls.length,
  };
}
