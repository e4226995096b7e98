/**
 * The options of `crm-seed cleanup` as commander parses them: shared by cleanup-command.ts
 * (which declares the flags) and cleanup-action.ts (which runs them), so that only the
 * command imports the action.
 */
export interface CleanupOptions {
  batch?: string;
  ids?: string;
  last?: string;
  yes?: boolean;
  dryRun?: boolean;
  /** A defineSeed seed file: --ids/--last count in its dataset instead of a built-in one. */
  seedFile?: string;
  dataset?: string;
  /** The collection --ids/--last count in (default: the dataset's first). */
  collection?: string;
}
