import type * as Runtime from './runtime';

/**
 * The scaffold runtime, loaded on first call: a seed of any other dataset (every
 * `migrate-mongo up` loads the package entry) does not load its ~650 lines.
 */
export function scaffoldedCollections(
  ...args: Parameters<typeof Runtime.scaffoldedCollections>
): ReturnType<typeof Runtime.scaffoldedCollections> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./runtime') as typeof Runtime).scaffoldedCollections(...args);
}
