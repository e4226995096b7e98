/** The field every seeded document of any dataset carries: its batch marker, for people. */
export const BATCH_FIELD = 'seed_batch';

/**
 * The field every seeded document carries beside its marker: the identity of the run that
 * wrote it (a random UUID recorded in the batch registry before the first write). No app,
 * copy or other repository produces it by accident: it is the proof that a document is the
 * tool's, which a marker string is not.
 */
export const RUN_FIELD = 'seed_run';

/**
 * A seed file's marker is its migrate-mongo file name without extension, which always starts
 * with a 14-digit timestamp (20251010000000-tasks-500). Such markers belong to seed files:
 * import and generate refuse them, so a seed's recovery can never meet a batch it did not write.
 */
export const SEED_FILE_MARKER = /^\d{14}-/;

export function isSeedFileMarker(marker: string): boolean {
  return SEED_FILE_MARKER.test(marker);
}

export function reservedMarkerMessage(marker: string): string {
  return `marker "${marker}" has the form of a seed file's marker (a 14-digit timestamp and a name), reserved for migrate-mongo seed files; pick another marker`;
}
