import { InterruptedError } from '../errors';

/** The signals that stop a write, and the exit codes shells give them (128 + the signal's number). */
export const INTERRUPT_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
export type InterruptSignal = keyof typeof INTERRUPT_EXIT_CODES;
const SIGNALS = Object.keys(INTERRUPT_EXIT_CODES) as InterruptSignal[];

/** What an entry point hands over of its process to catch signals: `process` itself fits. */
export interface SignalHost {
  on(signal: InterruptSignal, listener: () => void): unknown;
  off(signal: InterruptSignal, listener: () => void): unknown;
  /** Leaves at once (the second signal). */
  exit(code: number): unknown;
}

/**
 * Runs one write operation with SIGINT and SIGTERM handlers installed for its duration only.
 * The first signal aborts the operation's AbortSignal, with the signal's name as reason: the
 * operation stops writing, cleans up what it promises to, and rejects with an
 * InterruptedError. A second signal exits at once with the signal's exit code, without any
 * cleanup: the next run recovers, as after a kill. Without a host nothing is installed (the
 * CLI run inside a test).
 */
export async function interruptible<T>(
  host: SignalHost | undefined,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  if (!host) return work(controller.signal);
  const listeners = SIGNALS.map((name) => {
    const listener = (): void => {
      if (controller.signal.aborted) host.exit(INTERRUPT_EXIT_CODES[name]);
      else controller.abort(name);
    };
    host.on(name, listener);
    return [name, listener] as const;
  });
  try {
    return await work(controller.signal);
  } finally {
    for (const [name, listener] of listeners) host.off(name, listener);
  }
}

/** The signal that stopped an operation run through `interruptible`, when `err` says it was. */
export function interruptSignalOf(err: unknown): InterruptSignal | undefined {
  if (!(err instanceof InterruptedError)) return undefined;
  return SIGNALS.find((name) => err.reason === name);
}
