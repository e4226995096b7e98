import { InterruptedError } from '../errors';
import { redactSecrets } from '../redact';

/** The signals that stop a write, and the exit codes shells give them (128 + the signal's number). */
export const INTERRUPT_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
export type InterruptSignal = keyof typeof INTERRUPT_EXIT_CODES;
const SIGNALS = Object.keys(INTERRUPT_EXIT_CODES) as InterruptSignal[];

/**
 * A repeat within this time counts as the same signal: under `npm run`, a Ctrl-C reaches the
 * process twice, from the terminal (the whole foreground process group) and forwarded by npm
 * a few milliseconds later. A person pressing twice is slower than this.
 */
export const SAME_SIGNAL_MS = 500;

/** What an entry point hands over of its process to catch signals: `process` itself fits. */
export interface SignalHost {
  on(signal: InterruptSignal, listener: () => void): unknown;
  off(signal: InterruptSignal, listener: () => void): unknown;
  /** Leaves at once (the second signal). */
  exit(code: number): unknown;
  /** Where the second signal's one line goes before the exit (`process.stderr`). */
  readonly stderr?: { write(text: string): unknown };
}

export interface InterruptOptions {
  /**
   * The one line a second signal prints before exiting at once: what the write leaves behind
   * and how to finish it (the first signal's line comes from the operation's own outcome).
   */
  readonly second?: (signal: InterruptSignal) => string;
  /** The clock telling a repeat of the same signal from a second one. */
  readonly now?: () => number;
}

/**
 * Runs one write operation with SIGINT and SIGTERM handlers installed for its duration only.
 * The first signal aborts the operation's AbortSignal, with the signal's name as reason: the
 * operation stops writing, cleans up what it promises to, and rejects with an
 * InterruptedError. A second signal (more than SAME_SIGNAL_MS later) exits at once with the
 * signal's exit code, without any cleanup, after one line (`options.second`) saying what is
 * left and how to finish it: the next run recovers, as after a kill. Without a host nothing
 * is installed (the CLI run inside a test).
 */
export async function interruptible<T>(
  host: SignalHost | undefined,
  work: (signal: AbortSignal) => Promise<T>,
  options: InterruptOptions = {},
): Promise<T> {
  const now = options.now ?? Date.now;
  const controller = new AbortController();
  if (!host) return work(controller.signal);
  let firstAt = 0;
  const listeners = SIGNALS.map((name) => {
    const listener = (): void => {
      if (!controller.signal.aborted) {
        firstAt = now();
        controller.abort(name);
      } else if (now() - firstAt > SAME_SIGNAL_MS) {
        // stderr is synchronous for files and pipes on Linux: the line is out before the exit.
        if (options.second) host.stderr?.write(`${redactSecrets(options.second(name))}\n`);
        host.exit(INTERRUPT_EXIT_CODES[name]);
      }
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
