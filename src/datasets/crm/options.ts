import { integer, name, oneOf } from '../../dataset/option-types';
import type { OptionSpec, OptionsOf } from '../../dataset/options-table';

/** Largest tenant or user id: the app stores them as 32-bit integers. */
export const MAX_INT32 = 2_147_483_647;

const collection = (
  env: string,
  flag: string,
  fallback: string,
  what: string,
): OptionSpec<string> & { readonly default: string } => ({
  env,
  flag,
  type: name('collection name'),
  default: fallback,
  describe: `collection of the app's ${what}`,
});

/**
 * The options every CRM dataset shares, with the same env names and flags in each (one
 * SEED_TENANT_ID for a repository): the tenant and user, and the records it links to.
 */
export const CRM_OPTIONS = {
  tenantId: {
    env: 'SEED_TENANT_ID',
    flag: '--tenant',
    type: integer(1, MAX_INT32),
    default: 1,
    describe: 'tenant_id of the documents, and the tenant whose records they link to',
  },
  userId: {
    env: 'SEED_USER_ID',
    flag: '--user',
    type: integer(1, MAX_INT32),
    default: 1,
    describe: 'user_id / add_by of the documents (and owner of a share of them)',
  },
  links: {
    env: 'SEED_LINKS',
    flag: '--links',
    type: oneOf(['auto', 'off']),
    default: 'auto',
    describe:
      "auto: link to the tenant's live leads, contacts, accounts, deals and users where there are any; off: synthetic ids",
  },
  leadsCollection: collection('SEED_LEADS_COLLECTION', '--leads-collection', 'leads', 'leads'),
  contactsCollection: collection('SEED_CONTACTS_COLLECTION', '--contacts-collection', 'contacts', 'contacts'),
  accountsCollection: collection('SEED_ACCOUNTS_COLLECTION', '--accounts-collection', 'accounts', 'accounts'),
  dealsCollection: collection('SEED_DEALS_COLLECTION', '--deals-collection', 'deals', 'deals'),
  usersCollection: collection('SEED_USERS_COLLECTION', '--users-collection', 'users', 'users'),
} as const satisfies Record<string, OptionSpec>;

/** The window a CRM dataset spreads its documents over: one SEED_DAYS / --days in each. */
export const daysOption = (what: string) =>
  ({
    env: 'SEED_DAYS',
    flag: '--days',
    type: integer(1, 3650),
    default: 30,
    describe: `spread ${what} over this many past days before the reference date`,
  }) as const satisfies OptionSpec;

/** The CRM's link settings as a dataset reads them. */
export type CrmLinkOptions = Pick<
  OptionsOf<typeof CRM_OPTIONS>,
  | 'links'
  | 'leadsCollection'
  | 'contactsCollection'
  | 'accountsCollection'
  | 'dealsCollection'
  | 'usersCollection'
>;
