// Preloaded into a seed process by the fault tests (NODE_OPTIONS=--require <this file>):
// SEED_TEST_PAUSE_AT=<point> prints `SEED_TEST_PAUSED <point> pid=<pid>` to stderr when the
// run reaches that point and stops the process (SIGSTOP), so a test can kill -9 it exactly
// there, signal it, or let it go on (SIGCONT). A comma-separated list pauses at each point
// in turn (`mid-calls,before-removal`: mid-way through the writes, then at the first delete
// after that). It listens to the library's lifecycle events on node:diagnostics_channel;
// nothing of this is in the library.
const { subscribe } = require('node:diagnostics_channel');

const POINTS = {
  /** Guard and ping passed, seed lock not yet taken (migrate-mongo has read the changelog). */
  'before-lock': (e) => e.type === 'before-lock' && e.command === 'up',
  /** Both id blocks reserved, nothing inserted. */
  'after-reserve': (e) => e.type === 'ids-reserved',
  /** Half of the calls (and their logs) written. */
  'mid-calls': (e) => e.type === 'progress' && e.written >= Math.floor(e.total / 2),
  /** The calls of the chunk holding the middle call written, its logs not. */
  'between-calls-and-logs': (e) =>
    e.type === 'chunk-parents-written' && e.chunk === Math.floor(Math.floor(e.total / 2) / e.chunkSize),
  /** Every document written and the lock handed over; migrate-mongo's changelog entry not yet. */
  'before-changelog': (e) => e.type === 'written',
  /**
   * A delete of a removal (down, cleanup, an interrupted run taking back its writes) is about
   * to be sent: a signal sent while paused here is seen once that delete is done.
   */
  'before-removal': (e) => e.type === 'removing',
};

const points = (process.env.SEED_TEST_PAUSE_AT ?? '').split(',').filter(Boolean);
for (const point of points) {
  if (!POINTS[point])
    throw new Error(`SEED_TEST_PAUSE_AT must list some of ${Object.keys(POINTS).join(', ')}`);
}
if (points.length > 0) {
  let next = 0;
  subscribe('crm-calls-seed:lifecycle', (event) => {
    const point = points[next];
    if (point === undefined || !POINTS[point](event)) return;
    next++;
    // stderr is a pipe under the tests, and pipe writes are synchronous on Linux: the marker is out before the stop.
    process.stderr.write(`SEED_TEST_PAUSED ${point} pid=${process.pid}\n`);
    process.kill(process.pid, 'SIGSTOP');
  });
}
