import { redactSecrets } from './redact';

/** Library code reports through this; only the edges (seed files, CLI) decide where it goes. */
export interface Logger {
  readonly info: (line: string) => void;
  readonly warn: (line: string) => void;
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined };

/** The edge logger: progress and summaries to stdout, warnings to stderr, connection strings redacted. */
export function consoleLogger(quiet = false): Logger {
  return {
    // eslint-disable-next-line no-console
    info: (line) => (quiet ? undefined : console.log(redactSecrets(line))),
    // eslint-disable-next-line no-console
    warn: (line) => console.error(redactSecrets(line)),
  };
}
