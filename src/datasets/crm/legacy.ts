import { LENIENT_PICK } from '../../dataset/contract';
import type { AnyCollection, Dataset, Links } from '../../dataset/contract';
import { CRM_LIVE, CRM_TENANT_FIELD } from './links';
import { CRM_OPTIONS } from './options';

/** A link of the first dataset form: a collection read by the CRM's conventions (tenant_id, deleted). */
export interface LegacyLinkSource {
  readonly collection: string;
  /** Fields loaded besides `id`. */
  readonly fields?: readonly string[];
  /** Only records of this tenant (`tenant_id`); default: the `tenantId` option, else every tenant's. */
  readonly tenantId?: number | undefined;
}

/** The first form of a dataset (defineSeed(file, { collections }), seedBatch({ collections })). */
export interface LegacyDefinition {
  readonly collections: readonly AnyCollection[];
  readonly links?: readonly LegacyLinkSource[] | undefined;
}

/** The one option of the first form: the tenant its links read, where a link names none. */
export const LEGACY_OPTIONS = {
  tenantId: {
    ...CRM_OPTIONS.tenantId,
    default: undefined,
    describe: "tenant whose records the links read (a link's own tenantId wins; none: every tenant's)",
  },
} as const;

/**
 * A dataset of the first form as a dataset of the contract: links keyed by collection, read by
 * the CRM's conventions, `pick` giving undefined when there is none (as it always did).
 */
export function legacyDataset(name: string, definition: LegacyDefinition): Dataset<typeof LEGACY_OPTIONS> {
  const links = (options: { readonly tenantId?: number | undefined }): Links =>
    Object.fromEntries(
      (definition.links ?? []).map((link) => {
        const tenant = link.tenantId ?? options.tenantId;
        return [
          link.collection,
          {
            collection: link.collection,
            fields: link.fields,
            ...(tenant !== undefined ? { tenantField: CRM_TENANT_FIELD, tenant } : {}),
            live: CRM_LIVE,
            optional: true,
          },
        ];
      }),
    );
  return {
    name: name.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 63) || 'dataset',
    options: LEGACY_OPTIONS,
    links,
    collections: definition.collections,
    [LENIENT_PICK]: true,
  } as Dataset<typeof LEGACY_OPTIONS>;
}
