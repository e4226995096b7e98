import type { CallDoc } from './schema';
import { displayName, linkDrawers, NO_ENTITIES } from './call-links';
import type { CrmEntities, Relations } from './call-links';
import { createIsoFormatter } from './iso-time';
import type { RandomSource } from '../../dataset/random-source';
import type { TextPools } from './text-pools';
import type { CallType, ValueLists } from './value-lists';

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

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Share of calls placed today, so the app's "Today's Calls" view is not empty. */
const TODAY_SHARE = 0.1;
export const FUTURE_DAYS = 7;
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
  const { values, tenantId, userId, batch } = options;
  const iso = createIsoFormatter();
  // Parsed once per run: a regex per call was a measurable share of generation time.
  const durationMinutes = new Map(values.durations.map((d) => [d, minutesOf(d)]));
  const description = descriptionMaker(values, pools);
  const startTime = startTimeDrawer(random, options);
  const links = linkDrawers(random, entities, userId);

  // The draws stay inline, in this order (status and agenda last): the data depends on it.
  return (callId) => {
    const start = startTime();
    const past = start < refMs;
    const type: CallType = random.chance(options.inboundShare) ? 'inbound' : 'outbound';
    const number = phone(random);
    const rel = links.relations();
    const subject = random.pick(values.subjects);
    const purpose = random.pick(values.purposes);
    const duration = past ? random.pick(values.durations) : '';
    const result = past ? random.pick(values.results) : '';
    const owner = random.chance(options.ownShare) ? userId : links.otherOwner();
    const created = past
      ? start - random.int(0, 72 * 60) * MINUTE
      : Math.min(refMs, start) - random.int(0, FUTURE_DAYS * 24 * 60) * MINUTE;
    const updated = past ? Math.min(refMs, start + (durationMinutes.get(duration) ?? 0) * MINUTE) : created;
    const pooledContact = random.pick(pools.contactNames);
    const pooledCompany = random.pick(pools.companyNames);
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
      description: description(purpose, rel, pooledContact, pooledCompany, note),
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

/** A phone number: a leading digit of 2-9 makes it exactly 10 digits without padding. */
function phone(random: RandomSource): string {
  return String(random.int(2, 9) * 1_000_000_000 + random.int(0, 999_999_999));
}

/**
 * The earliest and latest time (ms) any call of these options can hold, start, creation or
 * update: what startTimeDrawer and the factory draw, with their margins. With a days window,
 * start times fall on the days from `days` before the reference day to FUTURE_DAYS after it,
 * creation times up to 72 hours before a past call's start or FUTURE_DAYS before the
 * reference date; with from..to, starts fall inside it and creation times as before.
 */
export function generatedTimeSpan(options: Pick<GenerationOptions, 'refDate' | 'days' | 'from' | 'to'>): {
  readonly earliest: number;
  readonly latest: number;
} {
  const refMs = options.refDate.getTime();
  if (options.from) {
    const toMs = (options.to ?? options.refDate).getTime();
    return {
      earliest: Math.min(options.from.getTime(), refMs) - FUTURE_DAYS * DAY,
      latest: Math.max(toMs, refMs),
    };
  }
  const refDay = Math.floor(refMs / DAY) * DAY;
  return {
    earliest: refDay - (options.days + FUTURE_DAYS) * DAY,
    latest: refDay + (FUTURE_DAYS + 1) * DAY - 1,
  };
}

/** A start time: within from..to when given, else future, today or past by the drawn shares. */
function startTimeDrawer(random: RandomSource, options: GenerationOptions): () => number {
  const refMs = options.refDate.getTime();
  const todayStart = Math.floor(refMs / DAY) * DAY;
  /** A working-hours time (08:00-17:55 UTC, 5-minute steps) on the day that starts at dayStart. */
  const workTime = (dayStart: number): number => dayStart + random.int(8 * 12, 18 * 12 - 1) * 5 * MINUTE;

  return () => {
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
}

/**
 * `${purpose} call with ${contact} (${company}). ${note}`, from constant parts joined once per
 * run: fewer, smaller strings per call means fewer bytes for the garbage collector to copy
 * while a chunk is being built. Linked calls name the records they point at, where those have names.
 */
function descriptionMaker(
  values: ValueLists,
  pools: TextPools,
): (purpose: string, rel: Relations, pooledContact: string, pooledCompany: string, note: string) => string {
  const purposeLead = new Map(values.purposes.map((p) => [p, `${p} call with `]));
  const companyPart = new Map(pools.companyNames.map((c) => [c, ` (${c}). `]));
  return (purpose, rel, pooledContact, pooledCompany, note) => {
    const contact = (rel.callFor !== 'Account' ? displayName(rel.callForDoc) : undefined) ?? pooledContact;
    const companyDoc =
      rel.callFor === 'Account' ? rel.callForDoc : rel.relatedTo === 'Account' ? rel.relatedDoc : undefined;
    const linkedCompany = displayName(companyDoc);
    return (
      (purposeLead.get(purpose) as string) +
      contact +
      (linkedCompany === undefined ? (companyPart.get(pooledCompany) as string) : ` (${linkedCompany}). `) +
      note
    );
  };
}

/** "45 mins" -> 45, "1 hour" -> 60; custom values that do not parse count as 0. */
function minutesOf(duration: string): number {
  const match = /^(\d+)\s*(h|hour|hours|hr|hrs)?\b/i.exec(duration);
  if (!match) return 0;
  return Number(match[1]) * (match[2] ? 60 : 1);
}
