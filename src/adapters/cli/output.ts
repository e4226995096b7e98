import { InterruptedError, SeedError } from '../../errors';
import { interruptSignalOf } from '../interrupts';
import type { Logger } from '../../logger';
import { redactSecrets } from '../../redact';
import type { CliIo } from './cli-io';

/** Where a command prints: every line goes through the redaction, whatever produced it. */
export interface Printer {
  /** Results and summaries (stdout); silent with --quiet. */
  readonly info: (line: string) => void;
  /** Data a script asked for (--json): printed even with --quiet. */
  readonly data: (text: string) => void;
  /** Warnings and errors (stderr); never silenced. */
  readonly warn: (line: string) => void;
  readonly logger: Logger;
}

export function createPrinter(io: CliIo, quiet: boolean): Printer {
  const info = (line: string): void => {
    if (!quiet) io.stdout.write(`${redactSecrets(line)}\n`);
  };
  const warn = (line: string): void => {
    io.stderr.write(`${redactSecrets(line)}\n`);
  };
  return {
    info,
    warn,
    data: (text) => io.stdout.write(`${redactSecrets(text)}\n`),
    logger: { info, warn },
  };
}

/**
 * One line on stderr for expected failures (the typed errors), with the cause chain and
 * stacks only when --verbose was given. Unexpected errors are bugs: they say so.
 */
export function reportError(err: unknown, io: CliIo, verbose: boolean): void {
  const write = (line: string): boolean => io.stderr.write(`${redactSecrets(line)}\n`);
  const message = err instanceof Error ? err.message : String(err);
  const signal = interruptSignalOf(err);
  if (signal && err instanceof InterruptedError) {
    // One line: what the interrupted write left in the database.
    write(`crm-seed: interrupted by ${signal}: ${err.outcome}`);
  } else if (err instanceof SeedError) {
    write(`crm-seed: ${message}`);
  } else {
    write(
      `crm-seed: unexpected error: ${message}${verbose ? '' : ' (run again with --verbose for the stack trace)'}`,
    );
  }
  if (!verbose) return;
  let current: unknown = err;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    if (current instanceof Error) {
      write(
        depth === 0
          ? current.stack || `${current.name}: ${current.message}`
          : `caused by: ${current.stack || current.message}`,
      );
      current = current.cause;
    } else {
      write(`caused by: ${JSON.stringify(current) ?? typeof current}`);
      break;
    }
  }
}
