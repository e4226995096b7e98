import { LENIENT_PICK } from './contract';
import type { BuiltDataset, Dataset, Links, NamedLink, RunInfo } from './contract';
import type { OptionsOf, OptionsTable } from './options-table';

/**
 * A dataset built for one run from its resolved options (the engine's settings beside them
 * are ignored here): its collections, the links that are on, its import, summary and report.
 * Pure; the engine checks the result (checkDataset) before it writes.
 */
export function buildDataset<O extends OptionsTable>(
  dataset: Dataset<O>,
  options: OptionsOf<O>,
  run: RunInfo,
): BuiltDataset {
  const collections =
    typeof dataset.collections === 'function' ? dataset.collections(options, run) : dataset.collections;
  const declared: Links | undefined =
    typeof dataset.links === 'function' ? dataset.links(options) : dataset.links;
  const links: NamedLink[] = Object.entries(declared ?? {}).flatMap(([name, link]) =>
    link === undefined ? [] : [{ ...link, name }],
  );
  const first = collections[0]?.name ?? '';
  const sample = dataset.sample;
  const report = dataset.report;
  return {
    name: dataset.name,
    collections,
    links,
    linkNames: Object.keys(declared ?? {}),
    // Made on first use: an import's schemas load zod (~37 ms), which a seed run never needs.
    get import() {
      return dataset.import?.(options, run);
    },
    summary: dataset.summary ? () => dataset.summary!(options, run) : undefined,
    report: report ? (linked) => report(linked, options) : undefined,
    sample: {
      collection: sample?.collection ?? first,
      label: sample?.label ?? labelOf(sample?.collection ?? first),
    },
    lenientPick: (dataset as { [LENIENT_PICK]?: boolean })[LENIENT_PICK] === true,
  };
}

/** One document of a collection, as messages name it: calls -> call, activity_logs -> activity log. */
export function labelOf(collection: string): string {
  const one = collection.endsWith('s') ? collection.slice(0, -1) : collection;
  return one.replace(/_/g, ' ');
}
