/** The seed's own collections (its state); the registry's is in batch-registry.ts. */
/** migrate-mongo's default changelog collection; a host's config may name another. */
export const DEFAULT_CHANGELOG = 'changelog';
/** The seed's own lock, see seed-lock.ts. */
export const SEED_LOCKS = 'seed_locks';

/** The seed's batch registry (see batch-registry.ts). */
export const SEED_BATCHES = 'seed_batches';

/** A collection and what it is for in a run, for messages: "the counters (SEED_COUNTERS_COLLECTION)". */
export type CollectionRole = readonly [role: string, collection: string];

/** The seed's own state collections: never a counter, a seeded or a linked collection. */
export const STATE_ROLES: readonly CollectionRole[] = [
  ['the batch registry', SEED_BATCHES],
  ['the seed lock', SEED_LOCKS],
];

/**
 * No collection serves two roles in one run: counters written into the changelog, or records
 * linked from the registry, would corrupt state that every later run reads. The first clash
 * is one line naming the collection and both roles.
 */
export function clashingRole(roles: readonly CollectionRole[]): string | undefined {
  const seen = new Map<string, string>();
  for (const [role, name] of roles) {
    const other = seen.get(name);
    if (other !== undefined && other !== role) {
      return `collection "${name}" cannot be both ${other} and ${role}; name another collection for one of them`;
    }
    seen.set(name, role);
  }
  return undefined;
}
