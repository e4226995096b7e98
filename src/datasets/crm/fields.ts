import { z } from 'zod';

/**
 * Field types of the CRM app's stored documents, shared by the schemas of its datasets
 * (../shared/seed/CALLS_GENERATION_SUMMARY.md): ISO-string timestamps, integer ids, 0/1 flags.
 * Only schema modules import this (zod is loaded with them, on demand).
 */
export const isoString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/, 'must be an ISO timestamp');
export const int = z.number().int();
export const flag = z.union([z.literal(0), z.literal(1)]);

/** A failed check of a document, as one line: `field: what is wrong; ...`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`).join('; ');
}
