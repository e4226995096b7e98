/**
 * The options of `crm-seed import` as commander parses them: shared by import-command.ts and
 * import-action.ts, so that only the command imports the action.
 */
export interface ImportOptions {
  batch?: string;
  format?: string;
}
