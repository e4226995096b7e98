/** The values a task's enumerated fields take in the CRM app (its schema and factory both use them). */
export const TASK_PRIORITIES = ['High', 'Normal', 'Low'] as const;
export const TASK_STATUSES = ['Not Started', 'In Progress', 'Waiting', 'Deferred', 'Completed'] as const;
export const RELATED_TYPES = ['Lead', 'Contact', 'Account', 'Deal'] as const;
