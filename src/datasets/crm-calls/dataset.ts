import { activityLogForCall } from './activity-log-for-call';
import { createCallFactory } from './call-factory';
import type { CrmEntities } from './call-links';
import type {
  AnyCollection,
  CollectionSpec,
  Dataset,
  ExistingDoc,
  SetupContext,
} from '../../dataset/contract';
import type { Faker } from '../../dataset/faker-type';
import { callsSummary } from './summary';
import { ukeyOf } from './ukey';
import { buildTextPools } from './text-pools';
import type { TextPools } from './text-pools';
import { callsColumns, callsRowImport, callsSchemas } from './on-demand';
import type { ActivityLogDoc, CallDoc } from './schema';
import { CALLS_OPTIONS, checkDateWindow } from './options-table';
import type { CallsOptions } from './options-table';
import { planOf } from './plan';
import type { GenerationPlan } from './plan';
import { crmLinks } from '../crm/links';
import { linksLine } from './links-line';

/** The built-in dataset: the CRM app's calls, each with its "call_created" activity log. */
export const CALLS = 'calls';
export const ACTIVITY_LOGS = 'activity_logs';

/** Fields loaded from linked records besides `id`: what names them, and a contact's account. */
const RECORD_FIELDS = [
  'name',
  'full_name',
  'first_name',
  'last_name',
  'account_name',
  'deal_name',
  'title',
  'account_id',
];

/** The tenant's live records by the kind of record a call is for, and its users. */
function entitiesOf(existing: SetupContext['existing']): CrmEntities {
  const docs = (link: string): readonly ExistingDoc[] => existing(link);
  return {
    Lead: docs('leads'),
    Contact: docs('contacts'),
    Account: docs('accounts'),
    Deal: docs('deals'),
    users: docs('users'),
  };
}

/** The calls (the root) and one activity log per call, for one run's plan. */
function callsCollections(plan: GenerationPlan): readonly AnyCollection[] {
  // The pools depend on the seed alone: built once for the up's preflight and its run (~30 ms of faker).
  let pools: { readonly seed: number; readonly pools: TextPools } | undefined;
  const poolsFor = (seed: number, faker: Faker): TextPools =>
    (pools?.seed === seed ? pools : (pools = { seed, pools: buildTextPools(faker) })).pools;
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
  const logs: CollectionSpec<ActivityLogDoc> = {
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
  };
  return [calls, logs];
}

/**
 * The CRM's calls, each with the "call_created" activity log the app writes, linked to the
 * tenant's live leads, contacts, accounts, deals and users where there are any.
 */
export const crmCalls: Dataset<typeof CALLS_OPTIONS> = {
  name: 'crm-calls',
  describe: 'CRM calls with their activity logs',
  options: CALLS_OPTIONS,
  check: checkDateWindow,
  links: (o) => crmLinks(o, o.tenantId, RECORD_FIELDS),
  collections: (o, run) => callsCollections(planOf(o, run)),
  import: (o, run) =>
    callsRowImport().callsImport(
      { calls: CALLS, logs: ACTIVITY_LOGS },
      { tenantId: o.tenantId, userId: o.userId, importedAt: run.refDate },
    ),
  summary: (o, run) => callsSummary(planOf(o, run), CALLS),
  report: (linked, o) => [linksLine(linked, o)],
  sample: { collection: CALLS, label: 'call' },
};

export type { CallsOptions };
