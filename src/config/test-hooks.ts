import { ConfigError } from '../errors';

/**
 * A hook for the fault tests, not a user setting: SEED_TEST_PAUSE_AT=<point> makes `up` print
 * `SEED_TEST_PAUSED <point> pid=<pid>` to stderr at that point and stop itself (SIGSTOP), so a
 * test can kill -9 it exactly there, or let it continue (SIGCONT). See docs/safety.md.
 */
export const TEST_PAUSE_ENV = 'SEED_TEST_PAUSE_AT';

export const PAUSE_POINTS = [
  /** Changelog read by migrate-mongo, seed lock not yet taken. */
  'before-lock',
  /** Both id blocks reserved, nothing inserted. */
  'after-reserve',
  /** Half of the calls (and their logs) written. */
  'mid-calls',
  /** The calls of the chunk holding the middle call written, its logs not. */
  'between-calls-and-logs',
  /** Every document written and the lock handed over; migrate-mongo's changelog entry not yet. */
  'before-changelog',
] as const;
export type PausePoint = (typeof PAUSE_POINTS)[number];

export interface TestHooks {
  readonly pauseAt?: PausePoint;
}

export function testHooksFrom(env: Readonly<Record<string, string | undefined>>): TestHooks {
  const raw = env[TEST_PAUSE_ENV]?.trim();
  if (!raw) return {};
  if (!(PAUSE_POINTS as readonly string[]).includes(raw)) {
    throw new ConfigError(
      `${TEST_PAUSE_ENV} must be one of ${PAUSE_POINTS.join(', ')} (got ${JSON.stringify(raw)})`,
    );
  }
  return { pauseAt: raw as PausePoint };
}
