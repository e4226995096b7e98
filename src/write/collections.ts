/** The seed's own collections (its state); the registry's is in batch-registry.ts. */
/** migrate-mongo's default changelog collection; a host's config may name another. */
export const DEFAULT_CHANGELOG = 'changelog';
/** The seed's own lock, see seed-lock.ts. */
export const SEED_LOCKS = 'seed_locks';
