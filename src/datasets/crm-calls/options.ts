import type { CallsSettings } from './options-table';
import { refDateOf, seedOf, tenantRecordsOf } from '../../config/run-plan';
import type { CrmLinks, GenerationPlan } from './dataset';
import { mergeValueLists } from './value-lists';

/** The tenant's CRM records the calls link to, unless SEED_LINKS=off. */
export function crmLinksOf(settings: CallsSettings): CrmLinks | undefined {
  return tenantRecordsOf(settings, settings.tenantId);
}

/** Default seed: derived from the batch name, so a seed file is reproducible unless told otherwise. */
export function planFromSettings(settings: CallsSettings, batch: string): GenerationPlan {
  return {
    seed: seedOf(settings, batch),
    count: settings.calls,
    valuesMode: settings.valuesMode,
    options: {
      batch,
      tenantId: settings.tenantId,
      userId: settings.userId,
      refDate: refDateOf(settings),
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
