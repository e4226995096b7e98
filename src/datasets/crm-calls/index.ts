export { crmCalls, CALLS, ACTIVITY_LOGS } from './dataset';
export type { CallsOptions } from './dataset';
