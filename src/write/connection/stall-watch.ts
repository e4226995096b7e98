import type { Db } from 'mongodb';

/**
 * Requests that never come back, on a client the tool did not create. The tool's own clients
 * set the driver's `socketTimeoutMS` (connect.ts), so the driver itself fails a request the
 * server leaves unanswered. A host's client (a migrate-mongo config of its own, a script's
 * MongoClient) may have none (the driver's default is 0: wait forever), and a connection that
 * went half-open (the peer gone, or a link that drops its packets) then hangs the run for
 * good. The driver reports each connection taken from its pool for a request and given back
 * (connection pool monitoring events, on by default in every supported version): a
 * connection out for longer than the limit is a request without an answer.
 */

/** What a client is seen through: its event emitter and parsed options, in any copy of the driver. */
interface ClientLike {
  on(event: string, listener: (event: PoolEvent) => void): unknown;
  off(event: string, listener: (event: PoolEvent) => void): unknown;
  readonly options?: { readonly socketTimeoutMS?: number };
}

interface PoolEvent {
  readonly address?: string;
  readonly connectionId?: number | string;
}

/** The client a Db was made from (a public field in driver 7, present at run time in 6). */
function clientOf(db: Db): ClientLike | undefined {
  const client = (db as unknown as { client?: unknown }).client;
  return client && typeof (client as ClientLike).on === 'function' ? (client as ClientLike) : undefined;
}

/** The client's own per-request bound, when it has one (ms; 0 or absent: none). */
export function socketTimeoutOf(db: Db): number {
  const value = clientOf(db)?.options?.socketTimeoutMS;
  return typeof value === 'number' && value > 0 ? value : 0;
}

export interface StallWatch {
  /** Resolves with the age (ms) of the oldest unanswered request once it passes the limit; never rejects. */
  readonly stalled: Promise<number>;
  stop(): void;
}

/**
 * Watches `db`'s client for a request unanswered for `limitMs`. Without a client to watch
 * (a Db from elsewhere), `stalled` never settles. The listeners go with stop().
 */
export function watchStalls(db: Db, limitMs: number, now: () => number = Date.now): StallWatch {
  const client = clientOf(db);
  let stop = (): void => undefined;
  const stalled = new Promise<number>((resolve) => {
    if (!client) return;
    const out = new Map<string, number>();
    const key = (e: PoolEvent): string => `${String(e.address)}#${String(e.connectionId)}`;
    const checkedOut = (e: PoolEvent): void => void out.set(key(e), now());
    const checkedIn = (e: PoolEvent): void => void out.delete(key(e));
    client.on('connectionCheckedOut', checkedOut);
    client.on('connectionCheckedIn', checkedIn);
    client.on('connectionClosed', checkedIn);
    const timer = setInterval(
      () => {
        const oldest = Math.min(...out.values());
        if (Number.isFinite(oldest) && now() - oldest > limitMs) resolve(now() - oldest);
      },
      Math.min(1_000, limitMs),
    );
    timer.unref();
    stop = () => {
      clearInterval(timer);
      client.off('connectionCheckedOut', checkedOut);
      client.off('connectionCheckedIn', checkedIn);
      client.off('connectionClosed', checkedIn);
    };
  });
  return { stalled, stop: () => stop() };
}
