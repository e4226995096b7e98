/**
 * The built-in value lists, at least the variety of the original Python seed. Data only;
 * the logic that picks from them lives in call-factory.ts.
 */
export interface ValueLists {
  readonly subjects: readonly string[];
  readonly purposes: readonly string[];
  readonly agendas: readonly string[];
  readonly results: readonly string[];
  readonly durations: readonly string[];
  readonly statusIds: readonly string[];
}

export const BUILT_IN_VALUES: ValueLists = {
  subjects: [
    'Initial discovery call',
    'Follow-up on proposal',
    'Product demo',
    'Pricing discussion',
    'Contract negotiation',
    'Quarterly business review',
    'Onboarding kickoff',
    'Support escalation',
    'Renewal discussion',
    'Upsell opportunity',
    'Technical requirements review',
    'Reference check',
    'Payment reminder',
    'Feedback collection',
    'Partnership inquiry',
    'Account health check',
    'Implementation status update',
    'Cold outreach',
    'Meeting scheduling',
    'Trial extension request',
    'Invoice clarification',
    'Executive sponsor intro',
    'Churn risk check-in',
    'Feature request follow-up',
  ],
  purposes: [
    'Prospecting',
    'Follow-up',
    'Demo',
    'Negotiation',
    'Support',
    'Onboarding',
    'Renewal',
    'Collections',
    'Feedback',
    'Administrative',
  ],
  agendas: [
    'Introduce the company and qualify needs',
    'Walk through the proposal and answer questions',
    'Demonstrate key product features',
    'Review pricing options and discounts',
    'Agree on contract terms',
    'Review usage and success metrics',
    'Plan implementation milestones',
    'Resolve the open support ticket',
    'Discuss renewal and expansion',
    'Collect feedback on the last release',
  ],
  results: [
    'Interested',
    'Not interested',
    'Call back later',
    'Left voicemail',
    'No answer',
    'Meeting scheduled',
    'Proposal requested',
    'Deal closed',
    'Issue resolved',
    'Wrong number',
  ],
  durations: ['5 mins', '10 mins', '15 mins', '20 mins', '30 mins', '45 mins', '60 mins'],
  statusIds: ['1', '2', '3', '4', '5'],
};

/** CRM entities a call can be for or related to. */
export const ENTITY_TYPES = ['Lead', 'Contact', 'Account', 'Deal'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export const CALL_TYPES = ['inbound', 'outbound'] as const;
export type CallType = (typeof CALL_TYPES)[number];

/** Custom lists from configuration either extend the built-in ones or replace them. */
export function mergeValueLists(
  custom: Partial<Record<keyof ValueLists, readonly string[] | undefined>>,
  mode: 'extend' | 'replace',
): ValueLists {
  const merged = { ...BUILT_IN_VALUES };
  for (const key of Object.keys(BUILT_IN_VALUES) as (keyof ValueLists)[]) {
    const extra = custom[key];
    if (!extra) continue;
    merged[key] = mode === 'replace' ? [...extra] : [...BUILT_IN_VALUES[key], ...extra];
  }
  return merged;
}
