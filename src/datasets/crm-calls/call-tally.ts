import type { CallDoc } from './schema';

export interface Range<T> {
  readonly first: T;
  readonly last: T;
}

/** The shape of a generated set at a glance: what the dry run and export summaries print. */
export interface CallTally {
  calls: number;
  inbound: number;
  outbound: number;
  /** closed = 1: start time before the reference date. */
  past: number;
  /** closed = 0: start time at or after the reference date. */
  scheduled: number;
  /** Calls starting on the reference date's own UTC day, before or after it. */
  onRefDay: number;
  /** Of those, the scheduled ones: with `scheduled - scheduledOnRefDay` (the days after), what `scheduled` is made of. */
  scheduledOnRefDay: number;
  ownedByUser: number;
  startTime: Range<string> | null;
}

const DAY = 24 * 60 * 60 * 1000;

export function tallyCalls(
  userId: number,
  refDate: Date,
): {
  add(calls: readonly CallDoc[]): void;
  readonly result: CallTally;
} {
  const result: CallTally = {
    calls: 0,
    inbound: 0,
    outbound: 0,
    past: 0,
    scheduled: 0,
    onRefDay: 0,
    scheduledOnRefDay: 0,
    ownedByUser: 0,
    startTime: null,
  };
  // Generated start times are all UTC "Z" strings of one length, so text order is time order.
  const dayStart = Math.floor(refDate.getTime() / DAY) * DAY;
  const refDayFirst = new Date(dayStart).toISOString();
  const refDayEnd = new Date(dayStart + DAY).toISOString();
  return {
    result,
    add(calls) {
      for (const call of calls) {
        result.calls++;
        if (call.type === 'inbound') result.inbound++;
        else result.outbound++;
        if (call.closed === 1) result.past++;
        else result.scheduled++;
        if (call.start_time >= refDayFirst && call.start_time < refDayEnd) {
          result.onRefDay++;
          if (call.closed !== 1) result.scheduledOnRefDay++;
        }
        if (call.owner_id === userId) result.ownedByUser++;
        const range = result.startTime;
        if (!range) result.startTime = { first: call.start_time, last: call.start_time };
        else if (call.start_time < range.first)
          result.startTime = { first: call.start_time, last: range.last };
        else if (call.start_time > range.last)
          result.startTime = { first: range.first, last: call.start_time };
      }
    },
  };
}
