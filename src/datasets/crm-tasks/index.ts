export { crmTasks, TASKS } from './dataset';
export type { TasksOptions } from './options-table';
