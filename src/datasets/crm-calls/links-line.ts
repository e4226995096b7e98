import type { CallsOptions } from './options-table';

/** Says whether the calls point at live CRM records or at synthetic ids (up's summary). */
export function linksLine(linked: Readonly<Record<string, number>>, options: CallsOptions): string {
  const n = (name: string): number => linked[name] ?? 0;
  // As the call factory decides: live links need leads, contacts or accounts.
  const live = n('leads') + n('contacts') + n('accounts') > 0;
  if (options.links === 'off') return '  links          synthetic ids (SEED_LINKS=off)';
  if (!live) {
    return `  links          synthetic ids: tenant ${options.tenantId} has no ${options.leadsCollection}, ${options.contactsCollection} or ${options.accountsCollection}`;
  }
  const collectionOf: Readonly<Record<string, string>> = {
    leads: options.leadsCollection,
    contacts: options.contactsCollection,
    accounts: options.accountsCollection,
    deals: options.dealsCollection,
    users: options.usersCollection,
  };
  const counts = Object.entries(linked)
    .filter(([, count]) => count > 0)
    .map(([name, count]) => `${count} ${collectionOf[name] ?? name}`)
    .join(', ');
  return `  links          live records of tenant ${options.tenantId}: ${counts}`;
}
