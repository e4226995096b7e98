import type { BuiltInDataset } from '../registry';
import { crmCallsDataset } from './dataset';
import { crmLinksOf, planFromSettings } from './options';
import { CALLS_DATASET_OPTIONS } from './options-table';
import type { CALLS_OPTIONS, CallsSettings } from './options-table';

/** The CRM's calls, each with the "call_created" activity log the app writes, linked to the tenant's records. */
export const CRM_CALLS: BuiltInDataset<typeof CALLS_OPTIONS> = {
  describe: 'CRM calls with their activity logs',
  options: CALLS_DATASET_OPTIONS,
  build: (settings, batch) => {
    const calls = settings as CallsSettings;
    return crmCallsDataset(planFromSettings(calls, batch), crmLinksOf(calls));
  },
};
