/**
 * The options of `crm-seed import` as commander parses them: shared by import-command.ts and
 * import-action.ts, so that only the command imports the action.
 */
export interface ImportOptions {
  batch?: string;
  format?: string;
  /** A defineSeed seed file: import into its dataset instead of a built-in one. */
  seedFile?: string;
  dataset?: string;
  /** The collection the rows become documents of (default: the dataset's import, or its first). */
  collection?: string;
}
