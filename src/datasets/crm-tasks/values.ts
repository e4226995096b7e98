/** The values a task's enumerated fields take in the CRM app (its schema and factory both use them). */
export const TASK_PRIORITIES = ['High', 'Normal', 'Low'] as const;
export const TASK_STATUSES = ['Not Started', 'In Progress', 'Waiting', 'Deferred', 'Completed'] as const;
export const RELATED_TYPES = ['Lead', 'Contact', 'Account', 'Deal'] as const;

/**
 * What a task's description is made of, as a CRM user writes one: where it came from, what it
 * is about, what comes next. Data only; task-factory.ts picks from them.
 */
export const DESCRIPTION_OPENERS = [
  'Customer asked about',
  'Raised in the last call:',
  'Follow-up from the meeting on',
  'Internal reminder about',
  'Prospect wants more detail on',
  'Manager flagged',
  'Support passed on a question about',
  'Open point from the demo:',
] as const;
export const DESCRIPTION_TOPICS = [
  'volume pricing for next quarter',
  'the onboarding timeline',
  'contract renewal terms',
  'integration with their ERP',
  'a discount on the annual plan',
  'the security questionnaire',
  'adding ten more seats',
  'the delayed invoice',
  'data migration from their old CRM',
  'training for the new team',
] as const;
export const DESCRIPTION_NEXT_STEPS = [
  'Send the updated proposal by Friday.',
  'Book a call with their IT lead.',
  'Check with finance before replying.',
  'Share the case study they asked for.',
  'Confirm the decision maker and budget.',
  'Update the deal stage once they reply.',
  'Loop in the account manager.',
  'No reply yet: try again next week.',
] as const;

/** A task's title: an action and what it is about. */
export const ACTIONS = [
  'Follow up on',
  'Send',
  'Prepare',
  'Review',
  'Schedule',
  'Confirm',
  'Update',
  'Call about',
] as const;
export const OBJECTS = [
  'the proposal',
  'the pricing sheet',
  'a product demo',
  'the contract draft',
  'the renewal',
  'the requirements',
  'the onboarding plan',
  'the open invoice',
] as const;
