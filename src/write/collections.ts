/** The app's collections the seed writes to, and the marker every seeded document carries. */
export const CALLS = 'calls';
export const ACTIVITY_LOGS = 'activity_logs';
export { BATCH_FIELD } from '../schema/call-schema';

/** migrate-mongo's default changelog collection; a host's config may name another. */
export const DEFAULT_CHANGELOG = 'changelog';
/** The seed's own lock, see seed-lock.ts. */
export const SEED_LOCKS = 'seed_locks';
