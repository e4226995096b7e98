import type { CallDoc } from './schema';
import type { ExistingDoc } from '../../generate/dataset';
import { createIsoFormatter } from './iso-time';
import type { RandomSource } from '../../generate/random-source';
import type { TextPools } from './text-pools';
import type { CallType, EntityType, ValueLists } from './value-lists';

/** Everything generation needs besides the random source: no I/O, no clock. */
export interface GenerationOptions {
  readonly batch: string;
  readonly tenantId: number;
  readonly userId: number;
  /** "Now" for the generated data: past calls are closed, later ones scheduled. */
  readonly refDate: Date;
  /** Past window in days before refDate, used when no explicit from/to is given. */
  readonly days: number;
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  readonly inboundShare: number;
  /** Share of calls scheduled in the next 7 days (days window only). */
  readonly futureShare: number;
  /** Share of calls owned by userId, so the app's "My Calls" view is not empty. */
  readonly ownShare: number;
  readonly values: ValueLists;
}

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

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Share of calls placed today, so the app's "Today's Calls" view is not empty. */
const TODAY_SHARE = 0.1;
export const FUTURE_DAYS = 7;
/** Ids of related CRM entities are drawn from this range. */
const MAX_ENTITY_ID = 1000;
/** Other owners: the seed user's colleagues, userId+1 .. userId+OTHER_OWNERS. */
const OTHER_OWNERS = 9;
const CONTACT_RELATED: readonly EntityType[] = ['Contact', 'Account', 'Deal'];
const ACCOUNT_RELATED: readonly EntityType[] = ['Account', 'Deal'];

const CALL_FOR: readonly { type: EntityType; weight: number }[] = [
  { type: 'Lead', weight: 0.35 },
  { type: 'Contact', weight: 0.45 },
  { type: 'Account', weight: 0.2 },
];

/**
 * The shares of start times drawn with a days window: the next FUTURE_DAYS days, the
 * reference date's own (UTC) day, the days before it. Today's calls after the reference time
 * are scheduled too, so more calls are scheduled than `future` says: summaries tell both.
 */
export function drawnShares(futureShare: number): { future: number; today: number; past: number } {
  const today = Math.max(0, Math.min(TODAY_SHARE, 1 - futureShare));
  return { future: futureShare, today, past: Math.max(0, 1 - futureShare - today) };
}

/**
 * Returns a function that makes call number k (its id given by the caller, from a block
 * reserved at once). Each call consumes the random stream in order, so the output depends
 * only on the seed, the options, the linked records and the order of calls, never on batch
 * sizes. Its activity log is derived from the call alone (activity-log-for-call.ts).
 */
export function createCallFactory(
  random: RandomSource,
  pools: TextPools,
  options: GenerationOptions,
  entities: CrmEntities = NO_ENTITIES,
): (callId: number) => CallDoc {
  const refMs = options.refDate.getTime();
  const todayStart = Math.floor(refMs / DAY) * DAY;
  const { values, tenantId, userId, batch } = options;
  const iso = createIsoFormatter();
  // Parsed once per run: a regex per call was a measurable share of generation time.
  const durationMinutes = new Map(values.durations.map((d) => [d, minutesOf(d)]));
  const texts = fixedTexts(values, pools);

  /** A working-hours time (08:00-17:55 UTC, 5-minute steps) on the day that starts at dayStart. */
  const workTime = (dayStart: number): number => dayStart + random.int(8 * 12, 18 * 12 - 1) * 5 * MINUTE;

  const startTime = (): number => {
    if (options.from) {
      const fromMs = options.from.getTime();
      const toMs = (options.to ?? options.refDate).getTime();
      return fromMs + Math.floor((random.next() * (toMs - fromMs)) / MINUTE) * MINUTE;
    }
    const u = random.next();
    if (u < options.futureShare) return workTime(todayStart + random.int(1, FUTURE_DAYS) * DAY);
    if (u < options.futureShare + TODAY_SHARE) return workTime(todayStart);
    return workTime(todayStart - random.int(1, options.days) * DAY);
  };

  // A leading digit of 2-9 makes every number exactly 10 digits without padding.
  const phone = (): string => String(random.int(2, 9) * 1_000_000_000 + random.int(0, 999_999_999));

  type Relations = {
    callFor: EntityType;
    callForId: number;
    relatedTo: EntityType;
    relatedToId: number;
    callForDoc?: ExistingDoc | undefined;
    relatedDoc?: ExistingDoc | undefined;
  };
  const live = linksAreLive(entities);
  const callForChoices = CALL_FOR.filter((c) => entities[c.type].length > 0);
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
    const relatedDoc = relatedTo === callFor ? callForDoc : (pickDoc(relatedTo) as ExistingDoc);
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
      const relatedToId = relatedTo === 'Contact' ? callForId : random.int(1, MAX_ENTITY_ID);
      return { callFor: 'Contact', callForId, relatedTo, relatedToId };
    }
    const relatedTo = random.pick(ACCOUNT_RELATED);
    const relatedToId = relatedTo === 'Account' ? callForId : random.int(1, MAX_ENTITY_ID);
    return { callFor: 'Account', callForId, relatedTo, relatedToId };
  };

  return (callId) => {
    const start = startTime();
    const past = start < refMs;
    const type: CallType = random.chance(options.inboundShare) ? 'inbound' : 'outbound';
    const number = phone();
    const rel = relations();
    const subject = random.pick(values.subjects);
    const purpose = random.pick(values.purposes);
    const duration = past ? random.pick(values.durations) : '';
    const result = past ? random.pick(values.results) : '';
    const owner = random.chance(options.ownShare) ? userId : otherOwner();
    const created = past
      ? start - random.int(0, 72 * 60) * MINUTE
      : Math.min(refMs, start) - random.int(0, FUTURE_DAYS * 24 * 60) * MINUTE;
    const updated = past ? Math.min(refMs, start + (durationMinutes.get(duration) ?? 0) * MINUTE) : created;
    const pooledContact = random.pick(pools.contactNames);
    const pooledCompany = random.pick(pools.companyNames);
    const note = random.pick(pools.notes);
    // Linked calls name the records they point at, where those have names.
    const contact = (rel.callFor !== 'Account' ? displayName(rel.callForDoc) : undefined) ?? pooledContact;
    const companyDoc =
      rel.callFor === 'Account' ? rel.callForDoc : rel.relatedTo === 'Account' ? rel.relatedDoc : undefined;
    const linkedCompany = displayName(companyDoc);

    const startIso = iso(start);
    const createdIso = iso(created);
    const call: CallDoc = {
      id: callId,
      ukey: `${tenantId}000${callId}`,
      subject,
      type,
      start_time: startIso,
      related_to: rel.relatedTo,
      related_to_id: rel.relatedToId,
      owner_id: owner,
      purpose,
      duration,
      // `${purpose} call with ${contact} (${company}). ${note}` from pieces made once per run.
      description:
        (texts.purposeLead.get(purpose) as string) +
        contact +
        (linkedCompany === undefined
          ? (texts.companyPart.get(pooledCompany) as string)
          : ` (${linkedCompany}). `) +
        note,
      result,
      status_id: random.pick(values.statusIds),
      agenda: random.pick(values.agendas),
      caller_id: type === 'inbound' ? number : '',
      dialled_number: type === 'outbound' ? number : '',
      call_for: rel.callFor,
      call_for_id: rel.callForId,
      tenant_id: tenantId,
      user_id: userId,
      active: 1,
      closed: past ? 1 : 0,
      deletable: 1,
      deleted: 0,
      add_by: userId,
      createdon: createdIso,
      updatedon: updated === created ? createdIso : iso(updated),
      seed_batch: batch,
    };
    return call;
  };
}

/**
 * The constant parts of the description, joined once per run: fewer, smaller strings per call
 * means fewer bytes for the garbage collector to copy while a chunk is being built.
 */
function fixedTexts(values: ValueLists, pools: TextPools) {
  return {
    purposeLead: new Map(values.purposes.map((p) => [p, `${p} call with `])),
    companyPart: new Map(pools.companyNames.map((c) => [c, ` (${c}). `])),
  };
}

/** "45 mins" -> 45, "1 hour" -> 60; custom values that do not parse count as 0. */
function minutesOf(duration: string): number {
  const match = /^(\d+)\s*(h|hour|hours|hr|hrs)?\b/i.exec(duration);
  if (!match) return 0;
  return Number(match[1]) * (match[2] ? 60 : 1);
}
