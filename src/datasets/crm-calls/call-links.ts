import type { ExistingDoc } from '../../dataset/contract';
import type { RandomSource } from '../../dataset/random-source';
import type { EntityType } from './value-lists';

/**
 * The tenant's live CRM records the calls link to (loaded once per run, ordered by id). With
 * none of leads, contacts and accounts, links are synthetic ids 1-1000; without users, other
 * owners are synthetic ids above userId.
 */
export interface CrmEntities {
  readonly Lead: readonly ExistingDoc[];
  readonly Contact: readonly ExistingDoc[];
  readonly Account: readonly ExistingDoc[];
  readonly Deal: readonly ExistingDoc[];
  readonly users: readonly ExistingDoc[];
}

export const NO_ENTITIES: CrmEntities = { Lead: [], Contact: [], Account: [], Deal: [], users: [] };

/** Whether calls of a run link to live records (the summary says which). */
export function linksAreLive(entities: CrmEntities): boolean {
  return entities.Lead.length + entities.Contact.length + entities.Account.length > 0;
}

/** A record's display name, from the fields CRM records commonly carry. */
export function displayName(doc: ExistingDoc | undefined): string | undefined {
  if (!doc) return undefined;
  const text = (key: string): string | undefined => {
    const v = doc[key];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const person = [text('first_name'), text('last_name')].filter(Boolean).join(' ');
  return (
    text('name') ??
    text('full_name') ??
    (person || undefined) ??
    text('account_name') ??
    text('deal_name') ??
    text('title')
  );
}

/** Ids of related CRM entities are drawn from this range. */
const MAX_ENTITY_ID = 1000;
/** Other owners: the seed user's colleagues, userId+1 .. userId+OTHER_OWNERS. */
const OTHER_OWNERS = 9;
/** A contact's call is about its account or a deal, never the contact itself (the app shows it under them). */
const CONTACT_RELATED: readonly EntityType[] = ['Account', 'Deal'];
const ACCOUNT_RELATED: readonly EntityType[] = ['Account', 'Deal'];

const CALL_FOR: readonly { type: EntityType; weight: number }[] = [
  { type: 'Lead', weight: 0.35 },
  { type: 'Contact', weight: 0.45 },
  { type: 'Account', weight: 0.2 },
];

/** Whom a call is for and what it relates to, with the live records behind them when linked. */
export interface Relations {
  readonly callFor: EntityType;
  readonly callForId: number;
  readonly relatedTo: EntityType;
  readonly relatedToId: number;
  readonly callForDoc?: ExistingDoc | undefined;
  readonly relatedDoc?: ExistingDoc | undefined;
}

/**
 * A call's relations and its other owner, drawn from `random` only when called: the caller
 * decides the order of draws, which the generated documents depend on.
 */
export function linkDrawers(
  random: RandomSource,
  entities: CrmEntities,
  userId: number,
): { relations: () => Relations; otherOwner: () => number } {
  const live = linksAreLive(entities);
  // A contact is called about its account or a deal: without either there is nothing to relate it to.
  const aboutContact = entities.Account.length + entities.Deal.length > 0;
  const callForChoices = CALL_FOR.filter(
    (c) => entities[c.type].length > 0 && (c.type !== 'Contact' || aboutContact),
  );
  const accountsById = new Map(entities.Account.map((a) => [a.id, a]));
  const callForWeight = callForChoices.reduce((sum, c) => sum + c.weight, 0);
  const pickDoc = (type: EntityType): ExistingDoc | undefined => {
    const docs = entities[type];
    return docs.length === 0 ? undefined : docs[Math.floor(random.next() * docs.length)];
  };
  /** Live records: the same shape of relations as the synthetic ones, restricted to what exists. */
  const liveRelations = (): Relations => {
    let u = random.next() * callForWeight;
    const callFor = (callForChoices.find((c) => (u -= c.weight) < 0) ?? callForChoices[0]!).type;
    const callForDoc = pickDoc(callFor) as ExistingDoc;
    const same = { callFor, callForId: callForDoc.id, callForDoc };
    if (callFor === 'Lead')
      return { ...same, relatedTo: 'Lead', relatedToId: callForDoc.id, relatedDoc: callForDoc };
    const options = (callFor === 'Contact' ? CONTACT_RELATED : ACCOUNT_RELATED).filter(
      (t) => t === callFor || entities[t].length > 0,
    );
    const relatedTo = random.pick(options);
    // A contact's own account (its account_id, when that account is live) before any other.
    const ownAccount =
      callFor === 'Contact' && relatedTo === 'Account'
        ? accountsById.get(Number(callForDoc['account_id']))
        : undefined;
    // `options` holds only types with records: pickDoc finds one.
    const relatedDoc = relatedTo === callFor ? callForDoc : (ownAccount ?? pickDoc(relatedTo)!);
    return { ...same, relatedTo, relatedToId: relatedDoc.id, relatedDoc };
  };
  const ownerIds = entities.users.map((u) => u.id);
  const otherOwner = (): number =>
    ownerIds.length > 0 ? random.pick(ownerIds) : userId + random.int(1, OTHER_OWNERS);

  const relations = (): Relations => {
    if (live) return liveRelations();
    const callForId = random.int(1, MAX_ENTITY_ID);
    const u = random.next();
    // Leads stand alone; contacts belong to accounts and deals; accounts have deals.
    if (u < 0.35) return { callFor: 'Lead', callForId, relatedTo: 'Lead', relatedToId: callForId };
    if (u < 0.8) {
      const relatedTo = random.pick(CONTACT_RELATED);
      return { callFor: 'Contact', callForId, relatedTo, relatedToId: random.int(1, MAX_ENTITY_ID) };
    }
    const relatedTo = random.pick(ACCOUNT_RELATED);
    const relatedToId = relatedTo === 'Account' ? callForId : random.int(1, MAX_ENTITY_ID);
    return { callFor: 'Account', callForId, relatedTo, relatedToId };
  };
  return { relations, otherOwner };
}
