import { checkDefinition } from './check-dataset';
import type { CollectionSpec, Dataset } from './contract';
import type { OptionsTable } from './options-table';

/**
 * Declares a dataset, its option types inferred, its definition checked as it is declared:
 *
 *   defineDataset({
 *     name: 'tickets',
 *     options: { tickets: { type: optionTypes.integer(1, 1_000_000), default: 100, env: 'SEED_TICKETS', flag: '--tickets' } },
 *     collections: (o) => [{ name: 'tickets', count: o.tickets, make: ({ id, random }) => ({ id, open: random.chance(0.3) }) }],
 *   });
 */
export function defineDataset<O extends OptionsTable = Record<never, never>>(
  dataset: Dataset<O>,
): Dataset<O> {
  checkDefinition(dataset, `defineDataset(${JSON.stringify(dataset?.name)})`);
  return dataset;
}

/**
 * Declares one collection with its document type inferred from `make` (and its `setup`
 * state from `setup`): `collection({ name: 'tasks', count: 10, make: ({ id }) => ({ id, done: false }) })`.
 */
export function collection<Doc extends object, State = undefined>(
  spec: CollectionSpec<Doc, State>,
): CollectionSpec<Doc, State> {
  return spec;
}
