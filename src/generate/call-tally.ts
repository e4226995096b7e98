import type { CallDoc } from '../schema/call-schema';

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
  scheduled: number;
  ownedByUser: number;
  startTime: Range<string> | null;
}

export function tallyCalls(userId: number): {
  add(calls: readonly CallDoc[]): void;
  readonly result: CallTally;
} {
  const result: CallTally = {
    calls: 0,
    inbound: 0,
    outbound: 0,
    past: 0,
    scheduled: 0,
    ownedByUser: 0,
    startTime: null,
  };
  return {
    result,
    add(calls) {
      for (const call of calls) {
        result.calls++;
        if (call.type === 'inbound') result.inbound++;
        else result.outbound++;
        if (call.closed === 1) result.past++;
        else result.scheduled++;
        if (call.owner_id === userId) result.ownedByUser++;
        // Generated start times are all UTC "Z" strings of one length, so text order is time order.
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
