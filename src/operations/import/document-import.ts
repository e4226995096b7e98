import { ConfigError } from '../../errors';
import type { CollectionSpec, BuiltDataset, RowImport } from '../../dataset/contract';
import { BATCH_FIELD, RUN_FIELD } from '../../schema/marker';

/** Fields the engine sets on every document: what a file says for them is replaced. */
const ENGINE_FIELDS = ['_id', 'id', BATCH_FIELD, RUN_FIELD];

/**
 * How rows of a file become documents of `collection` (the dataset's first when none is
 * named): its own import when it declares one for that collection, else each row as a
 * document as it is, the engine's fields (id, marker, run) replaced and the collection's
 * schema, if it has one, checked. CSV cells stay text: a dataset whose fields are numbers
 * imports from JSONL, or declares its own import.
 */
export function rowImportOf(spec: BuiltDataset, collection: string | undefined, where: string): RowImport {
  const name = collection ?? spec.import?.collection ?? spec.collections[0]?.name;
  if (spec.import && spec.import.collection === name) return spec.import;
  const target = spec.collections.find((c) => c.name === name);
  if (!target) {
    const known = spec.collections.map((c) => c.name).join(', ');
    throw new ConfigError(`${where}: no collection "${String(name)}" to import into (it has ${known})`, {
      code: 'BAD_INPUT',
    });
  }
  if (target.ids === 'objectId') {
    throw new ConfigError(
      `${where}: collection ${target.name} takes ObjectIds from the engine; import needs counter ids`,
      {
        code: 'BAD_INPUT',
      },
    );
  }
  return documentImport(target);
}

function documentImport(spec: CollectionSpec<object, unknown>): RowImport {
  return {
    collection: spec.name,
    noun: `${spec.name} document`,
    row: (row, id, stamp) => {
      const doc: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(row))
        if (!ENGINE_FIELDS.includes(field)) doc[field] = value;
      doc['id'] = id;
      doc[BATCH_FIELD] = stamp.batch;
      if (stamp.run !== undefined) doc[RUN_FIELD] = stamp.run;
      if (!spec.schema) return { doc };
      const parsed = spec.schema.safeParse(doc);
      if (parsed.success) return { doc };
      const issue = parsed.error.issues[0]!;
      return { error: `${issue.path.join('.') || 'document'}: ${issue.message}` };
    },
  };
}
