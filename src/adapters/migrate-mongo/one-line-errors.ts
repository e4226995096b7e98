import { SeedError } from '../../errors';
import type { Environment } from '../../config/load-settings';

/**
 * migrate-mongo prints `ERROR: <message>` followed by the error's stack. For an expected
 * failure (our typed errors) about to end the process, keep that to the one line, unless
 * SEED_VERBOSE=1 asks for stacks. `up` re-uses our error's stack, so clearing it is enough;
 * `down` wraps the failure in a new Error and prints that one's stack, so from here on new
 * stacks are empty: acceptable only because migrate-mongo exits right after printing.
 */
export function asOneLine(err: unknown, env: Environment, how: { wrapped?: boolean } = {}): unknown {
  if (!(err instanceof SeedError) || env['SEED_VERBOSE'] === '1') return err;
  err.stack = '';
  if (how.wrapped) Error.prepareStackTrace = () => '';
  return err;
}
