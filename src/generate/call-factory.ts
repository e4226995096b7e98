import type { ActivityLogDoc, CallDoc } from '../schema/call-schema';
import { createIsoFormatter } from './iso-time';
import type { RandomSource } from './random-source';
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

export interface GeneratedPair {
  readonly call: CallDoc;
  readonly log: ActivityLogDoc;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Share of calls placed today, so the app's "Today's Calls" view is not empty. */
const TODAY_SHARE = 0.1;
const FUTURE_DAYS = 7;
/** Ids of related CRM entities are drawn from this range. */
const MAX_ENTITY_ID = 1000;
/** Other owners: the seed user's colleagues, userId+1 .. userId+OTHER_OWNERS. */
const OTHER_OWNERS = 9;
const CONTACT_RELATED: readonly EntityType[] = ['Contact', 'Account', 'Deal'];
const ACCOUNT_RELATED: readonly EntityType[] = ['Account', 'Deal'];

/**
 * Returns a function that makes call number k (ids given by the caller, reserved in one
 * block) and its activity log. Each call consumes the random stream in order, so the output
 * depends only on the seed, the options and the order of calls, never on batch sizes.
 */
export function createCallFactory(
  random: RandomSource,
  pools: TextPools,
  options: GenerationOptions,
): (callId: number, logId: number) => GeneratedPair {
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

  const relations = (): {
    callFor: EntityType;
    callForId: number;
    relatedTo: EntityType;
    relatedToId: number;
  } => {
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

  return (callId, logId) => {
    const start = startTime();
    const past = start < refMs;
    const type: CallType = random.chance(options.inboundShare) ? 'inbound' : 'outbound';
    const number = phone();
    const rel = relations();
    const subject = random.pick(values.subjects);
    const purpose = random.pick(values.purposes);
    const duration = past ? random.pick(values.durations) : '';
    const result = past ? random.pick(values.results) : '';
    const owner = random.chance(options.ownShare) ? userId : userId + random.int(1, OTHER_OWNERS);
    const created = past
      ? start - random.int(0, 72 * 60) * MINUTE
      : Math.min(refMs, start) - random.int(0, FUTURE_DAYS * 24 * 60) * MINUTE;
    const updated = past ? Math.min(refMs, start + (durationMinutes.get(duration) ?? 0) * MINUTE) : created;
    const contact = random.pick(pools.contactNames);
    const company = random.pick(pools.companyNames);
    const note = random.pick(pools.notes);

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
        (texts.companyPart.get(company) as string) +
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
    const log: ActivityLogDoc = {
      id: logId,
      activity_type: 'call_created',
      entity_type: 'call',
      entity_id: callId,
      tenant_id: tenantId,
      user_id: userId,
      title: texts.title.get(subject) as string,
      // `Inbound call "${subject}" with ${callFor} #${callForId} was created`
      description: `${(texts.logLead.get(subject) as LogLeads)[type][rel.callFor]}${rel.callForId} was created`,
      timestamp: createdIso,
      metadata: { call_for: rel.callFor, call_for_id: rel.callForId, type, purpose, start_time: startIso },
      deleted: 0,
      active: 1,
      seed_batch: batch,
    };
    return { call, log };
  };
}

type LogLeads = Record<CallType, Record<EntityType, string>>;

/**
 * The constant parts of the texts, joined once per run: fewer, smaller strings per call
 * means fewer bytes for the garbage collector to copy while a chunk is being built.
 */
function fixedTexts(values: ValueLists, pools: TextPools) {
  const logLeads = (subject: string): LogLeads => {
    const lead = (type: string, callFor: EntityType): string => `${type} call "${subject}" with ${callFor} #`;
    const forType = (type: string): Record<EntityType, string> => ({
      Lead: lead(type, 'Lead'),
      Contact: lead(type, 'Contact'),
      Account: lead(type, 'Account'),
      Deal: lead(type, 'Deal'),
    });
    return { inbound: forType('Inbound'), outbound: forType('Outbound') };
  };
  return {
    title: new Map(values.subjects.map((s) => [s, `Call created: ${s}`])),
    logLead: new Map(values.subjects.map((s) => [s, logLeads(s)])),
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
