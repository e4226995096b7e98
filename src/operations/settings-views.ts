import type { Settings } from '../config/settings-table';
import type { CrmLinks, GenerationPlan } from '../datasets/crm-calls';
import { seedFromText } from '../generate/random-source';
import { mergeValueLists } from '../generate/value-lists';
import type { CounterConfig } from '../write/id-blocks';
import type { ProductionGuard } from '../write/production-guard';

/** The narrow views of the settings that the database primitives take. */
export function guardOf(settings: Settings): ProductionGuard {
  return {
    allowProduction: settings.allowProduction,
    productionPattern: settings.productionPattern,
    nodeEnv: settings.nodeEnv,
  };
}

/** The tenant's CRM records the calls link to, unless SEED_LINKS=off. */
export function crmLinksOf(settings: Settings): CrmLinks | undefined {
  if (settings.links === 'off') return undefined;
  return {
    tenantId: settings.tenantId,
    leads: settings.leadsCollection,
    contacts: settings.contactsCollection,
    accounts: settings.accountsCollection,
    deals: settings.dealsCollection,
    users: settings.usersCollection,
  };
}

/** What every dataset run takes from the settings besides the dataset itself. */
export function runOptionsOf(settings: Settings): {
  readonly batchSize: number;
  readonly concurrency: number;
  readonly counter: CounterConfig;
  readonly guard: ProductionGuard;
} {
  return {
    batchSize: settings.batchSize,
    concurrency: settings.concurrency,
    counter: counterOf(settings),
    guard: guardOf(settings),
  };
}

export function counterOf(settings: Settings): CounterConfig {
  return {
    collection: settings.countersCollection,
    keyField: settings.counterKeyField,
    seqField: settings.counterSeqField,
  };
}

/** Default seed: derived from the batch name, so a seed file is reproducible unless told otherwise. */
export function planFromSettings(settings: Settings, batch: string): GenerationPlan {
  return {
    seed: settings.randomSeed ?? seedFromText(batch),
    count: settings.calls,
    options: {
      batch,
      tenantId: settings.tenantId,
      userId: settings.userId,
      refDate: settings.refDate ?? new Date(0),
      days: settings.days,
      from: settings.from,
      to: settings.to,
      inboundShare: settings.inboundShare,
      futureShare: settings.futureShare,
      ownShare: settings.ownShare,
      values: mergeValueLists(settings, settings.valuesMode),
    },
  };
}
