/** The seed's own collections (its state), and the marker every seeded document carries. */
export { BATCH_FIELD } from '../schema/marker';

/** migrate-mongo's default changelog collection; a host's config may name another. */
export const DEFAULT_CHANGELOG = 'changelog';
/** The seed's own lock, see seed-lock.ts. */
export const SEED_LOCKS = 'seed_locks';
