import type { Db, Document } from 'mongodb';
import { ConfigError } from '../../errors';
import { findBatch } from '../../write/registry/batch-registry';
import type { BatchEntry } from '../../write/registry/batch-registry';
import { ownDocuments, proofOf } from '../../write/removal/remove-batch';
import { stoppedExport } from '../interruption';
import { writeDocFiles } from './write-files';
import type { DocGroups, FileDestination } from './write-files';

/** Documents read per round trip, and per chunk written. */
const CHUNK = 1000;

export interface BatchExportRequest extends FileDestination {
  readonly db: Db;
  readonly batch: string;
  /** The batch's collections to export (default: all of them, in its order). */
  readonly collections?: readonly string[] | undefined;
  /** CSV columns of a collection, when its dataset declares them; else the first document's fields. */
  readonly columnsOf?: (collection: string) => readonly string[] | undefined;
  /** Documents exported so far. */
  readonly onProgress?: (documents: number) => void;
}

export interface BatchExportResult {
  readonly batch: string;
  readonly collections: readonly { readonly name: string; readonly count: number; readonly path?: string }[];
}

/**
 * What a batch holds in the database, into JSONL or CSV files: read only, its own documents
 * (its marker, its run, inside its recorded id range, as removal selects them), streamed a
 * chunk at a time in id order. Documents as stored (the driver's values as JSON: ObjectIds as
 * their hex string, dates as ISO strings), nothing masked; `crm-seed import` of such a file
 * writes them again under new ids and its own batch's provenance.
 */
export async function exportBatch(request: BatchExportRequest): Promise<BatchExportResult> {
  const { db, batch } = request;
  const entry = await findBatch(db, batch);
  if (!entry)
    throw new ConfigError(`no batch "${batch}" in ${db.databaseName}`, { code: 'BAD_INPUT', batch });
  const chosen = chosenCollections(entry, request.collections);
  let exported = 0;
  const written = await writeDocFiles(readBatch(db, entry, chosen), request, {
    columnsOf: request.columnsOf,
    afterChunk: (chunk) => {
      exported += chunk.groups.reduce((sum, g) => sum + g.docs.length, 0);
      request.onProgress?.(exported);
    },
    onStop: (opened) =>
      stoppedExport(
        opened,
        batch,
        request.signal?.reason,
        `${exported.toLocaleString('en-US')} documents`,
        'export',
      ),
  });
  return {
    batch,
    collections: chosen.map((c) => ({
      name: c.name,
      count: written.counts.get(c.name) ?? 0,
      ...(written.paths.has(c.name) ? { path: written.paths.get(c.name)! } : {}),
    })),
  };
}

function chosenCollections(
  entry: BatchEntry,
  names: readonly string[] | undefined,
): BatchEntry['collections'] {
  if (names === undefined || names.length === 0) return entry.collections;
  return names.map((name) => {
    const found = entry.collections.find((c) => c.name === name);
    if (!found) {
      const known = entry.collections.map((c) => c.name).join(', ');
      throw new ConfigError(`batch ${entry._id} wrote no collection "${name}" (it wrote ${known})`, {
        code: 'BAD_INPUT',
        batch: entry._id,
      });
    }
    return found;
  });
}

/** The batch's own documents of each collection, in id order, a chunk at a time. */
async function* readBatch(
  db: Db,
  entry: BatchEntry,
  collections: BatchEntry['collections'],
): AsyncGenerator<DocGroups> {
  const proof = proofOf(entry);
  for (const registered of collections) {
    const idField = registered.ids === 'objectId' ? '_id' : 'id';
    const cursor = db
      .collection(registered.name)
      .find(ownDocuments(proof, registered), { batchSize: CHUNK })
      .sort({ [idField]: 1 });
    let docs: Record<string, unknown>[] = [];
    for await (const doc of cursor) {
      docs.push(asJson(doc));
      if (docs.length === CHUNK) {
        yield { groups: [{ collection: registered.name, docs }] };
        docs = [];
      }
    }
    yield { groups: [{ collection: registered.name, docs }] };
  }
}

/** A stored document as its JSON reads (ObjectId's, Long's and Date's own JSON forms). */
function asJson(doc: Document): Record<string, unknown> {
  return JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
}
