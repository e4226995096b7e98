import type { PausePoint, TestHooks } from '../config/test-hooks';
import type { Logger } from '../logger';

/**
 * The fault tests' pause (SEED_TEST_PAUSE_AT, see src/config/test-hooks.ts): prints a marker
 * and stops this process with SIGSTOP, so the test can kill -9 it at exactly this point or
 * let it go on with SIGCONT. A no-op unless the hook names this point.
 */
export function pauseForTest(point: PausePoint, hooks: TestHooks | undefined, logger: Logger): void {
  if (hooks?.pauseAt !== point) return;
  // stderr is a pipe under the tests, and pipe writes are synchronous on Linux: the marker is out before the stop.
  logger.warn(`SEED_TEST_PAUSED ${point} pid=${process.pid}`);
  process.kill(process.pid, 'SIGSTOP');
}
