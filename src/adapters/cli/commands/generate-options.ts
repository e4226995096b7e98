/**
 * The options of `crm-seed generate` as commander parses them, and their defaults: shared by
 * generate-command.ts (flags and help) and generate-action.ts, so that only the command
 * imports the action.
 */
export interface GenerateOptions {
  dryRun?: boolean;
  out?: string;
  logsOut?: string;
  format?: string;
  batch?: string;
  force?: boolean;
  seedFile?: string;
  dataset?: string;
}

/** Marker of generated files; import replaces it with its own. */
export const GENERATED_MARKER = 'generated';
