import { SeedError } from '../../errors';
import { redactSecrets } from '../../redact';
import type { Environment } from '../../config/load-settings';

const VERBOSE_HINT = 'SEED_VERBOSE=1 shows its stack';

/**
 * migrate-mongo prints `ERROR: <message>` followed by the error's stack. A failure about to
 * end the process is kept to that one line, unless SEED_VERBOSE=1 asks for stacks: ours
 * (typed, actionable) as they are, any other error (the driver's, a bug) with a hint that
 * the stack exists. `up` re-uses our error's stack, so clearing it is enough; `down` wraps
 * the failure in a new Error and prints that one's stack, so from here on new stacks are
 * empty: acceptable only because migrate-mongo exits right after printing.
 */
export function asOneLine(err: unknown, env: Environment, how: { wrapped?: boolean } = {}): unknown {
  if (!(err instanceof Error)) return err;
  // migrate-mongo prints message and stack as they are: a driver's or the host's error may
  // carry a connection string, and SEED_VERBOSE=1 must not print a password either.
  err.message = redactSecrets(err.message);
  if (err.stack) err.stack = redactSecrets(err.stack);
  if (env['SEED_VERBOSE'] === '1') return err;
  if (!(err instanceof SeedError) && !err.message.includes(VERBOSE_HINT)) {
    err.message = `${err.message.split('\n')[0] ?? ''} (${VERBOSE_HINT})`;
  }
  err.stack = '';
  if (how.wrapped) oneLineStacks(env);
  return err;
}

/**
 * Every error of this migrate-mongo process prints as its one `ERROR:` line, migrate-mongo's
 * own and the host's included, unless SEED_VERBOSE=1: for the config helper, which is the
 * process's migrate-mongo entry point.
 */
export function oneLineStacks(env: Environment): void {
  if (env['SEED_VERBOSE'] !== '1') Error.prepareStackTrace = () => '';
}
