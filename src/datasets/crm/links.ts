import type { LinkSpec, Links, LiveRule } from '../../dataset/contract';
import { bsonTypeOf, longValue } from '../../schema/stored-values';
import type { CrmLinkOptions } from './options';

/**
 * The CRM's conventions for the records its datasets link to: a tenant's records carry
 * `tenant_id`, and a record is live unless its `deleted` flag says otherwise. The five
 * collections are options of each CRM dataset (SEED_LEADS_COLLECTION, …).
 */
export const CRM_TENANT_FIELD = 'tenant_id';

/** The CRM's link names, the kinds of record a call or task is about, and the users who own them. */
export const CRM_LINKS = ['leads', 'contacts', 'accounts', 'deals', 'users'] as const;
export type CrmLinkName = (typeof CRM_LINKS)[number];

/**
 * Whether a record's `deleted` field marks it deleted. Live: absent, null, false, 0 (of any
 * numeric type), "0" and "". Deleted: everything else (1, true, "1", and any other value the
 * seed cannot read as "not deleted": a record that may be deleted is not linked to).
 */
export function isDeleted(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '' || value === '0') return false;
  if (typeof value === 'number' || typeof value === 'bigint') return Number(value) !== 0;
  const bsonType = bsonTypeOf(value);
  if (bsonType === 'Int32' || bsonType === 'Double') return isDeleted((value as { value: unknown }).value);
  if (bsonType === 'Long') return longValue(value) !== 0n;
  return true;
}

/** A CRM record is live unless its `deleted` flag says otherwise. */
export const CRM_LIVE: LiveRule = { field: 'deleted', test: (value) => !isDeleted(value) };

/** One of the CRM's collections as a link: the tenant's live records, the id and `fields` read. */
export function crmLink(collection: string, tenantId: number, fields: readonly string[] = []): LinkSpec {
  return {
    collection,
    tenantField: CRM_TENANT_FIELD,
    tenant: tenantId,
    live: CRM_LIVE,
    fields,
    // Without records a CRM dataset falls back to synthetic ids, as the app's own seed did.
    optional: true,
  };
}

/** The tenant's leads, contacts, accounts, deals and users as links; none with SEED_LINKS=off. */
export function crmLinks(options: CrmLinkOptions, tenantId: number, fields: readonly string[] = []): Links {
  if (options.links === 'off') {
    return { leads: undefined, contacts: undefined, accounts: undefined, deals: undefined, users: undefined };
  }
  return {
    leads: crmLink(options.leadsCollection, tenantId, fields),
    contacts: crmLink(options.contactsCollection, tenantId, fields),
    accounts: crmLink(options.accountsCollection, tenantId, fields),
    deals: crmLink(options.dealsCollection, tenantId, fields),
    users: crmLink(options.usersCollection, tenantId, fields),
  };
}
