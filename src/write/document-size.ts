import { BSON } from 'mongodb';

/** The largest document MongoDB (and FerretDB) stores: 16 MiB of BSON. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

/** Why a document cannot be stored, or undefined: its BSON size against the server's limit. */
export function oversize(doc: object): string | undefined {
  const bytes = BSON.calculateObjectSize(doc);
  return bytes <= MAX_DOCUMENT_BYTES
    ? undefined
    : `${mb(bytes)} MB as a document, over the server's ${mb(MAX_DOCUMENT_BYTES)} MB limit`;
}
