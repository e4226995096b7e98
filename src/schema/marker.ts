/** The field every seeded document of any dataset carries: its batch marker. */
export const BATCH_FIELD = 'seed_batch';
