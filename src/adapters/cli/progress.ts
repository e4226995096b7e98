import { SingleBar } from 'cli-progress';
import type { CliIo } from './cli-io';

/** Operations on fewer documents finish too fast for a progress display to help. */
export const PROGRESS_MIN_TOTAL = 2_000;

export interface Progress {
  readonly update: (done: number) => void;
  /** Ends the display: the bar's last frame stays, plain mode prints a final line. */
  readonly stop: () => void;
}

export interface ProgressOptions {
  readonly label: string;
  readonly unit: string;
  readonly total: number;
  readonly quiet: boolean;
}

const NO_PROGRESS: Progress = { update: () => undefined, stop: () => undefined };

/**
 * A bar with rate and ETA (cli-progress) when stderr is a terminal; otherwise a plain line at
 * every tenth, so CI logs show progress without control characters; nothing with --quiet.
 * Progress goes to stderr, keeping stdout for results (--json).
 */
export function startProgress(io: CliIo, options: ProgressOptions): Progress {
  if (options.quiet || options.total < PROGRESS_MIN_TOTAL) return NO_PROGRESS;
  const started = Date.now();
  const rate = (done: number): string => {
    const seconds = (Date.now() - started) / 1000;
    return Math.round(done / Math.max(seconds, 0.001)).toLocaleString('en-US');
  };
  return io.stderr.isTTY ? barProgress(io, options, rate) : lineProgress(io, options, rate);
}

function barProgress(io: CliIo, options: ProgressOptions, rate: (done: number) => string): Progress {
  const bar = new SingleBar({
    stream: io.stderr,
    format: `${options.label} [{bar}] {percentage}% | {value}/{total} ${options.unit} | {rate}/s | ETA {eta_formatted}`,
    barCompleteChar: '#',
    barIncompleteChar: '-',
    hideCursor: true,
    etaBuffer: 50,
    fps: 10,
  });
  bar.start(options.total, 0, { rate: '0' });
  let last = 0;
  return {
    update(done) {
      last = done;
      bar.update(done, { rate: rate(done) });
    },
    stop() {
      bar.update(last, { rate: rate(last) });
      bar.stop();
    },
  };
}

function lineProgress(io: CliIo, options: ProgressOptions, rate: (done: number) => string): Progress {
  let nextTenth = 1;
  let last = 0;
  let printed = 0;
  const line = (done: number): void => {
    printed = done;
    const percent = Math.floor((done / options.total) * 100);
    io.stderr.write(
      `${options.label}: ${percent}% (${done.toLocaleString('en-US')}/${options.total.toLocaleString('en-US')} ${options.unit}, ${rate(done)}/s)\n`,
    );
  };
  return {
    update(done) {
      last = done;
      if (done >= options.total) return;
      if (done * 10 >= nextTenth * options.total) {
        line(done);
        nextTenth = Math.floor((done * 10) / options.total) + 1;
      }
    },
    stop() {
      if (last > printed) line(last);
    },
  };
}

/** For operations that learn their total only once they start (scans): the display starts then. */
export function lateProgress(
  io: CliIo,
  options: Omit<ProgressOptions, 'total'>,
): { readonly update: (done: number, total: number) => void; readonly stop: () => void } {
  let progress: Progress | undefined;
  return {
    update(done, total) {
      progress ??= startProgress(io, { ...options, total });
      progress.update(done);
    },
    stop: () => progress?.stop(),
  };
}
