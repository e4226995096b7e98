// Preloaded into a benchmark child (`node -r bench/probe.cjs <the tool> ...`) to see inside a
// process the benchmark did not write: `migrate-mongo up`, `crm-seed generate`. Measurement
// only: nothing here is part of the package. At exit it writes one JSON document to the file
// named by BENCH_PROBE_OUT:
// - maxRssMb: the kernel's high-water mark of this process (ru_maxrss), start-up included;
// - events: the seed's lifecycle events (the `crm-calls-seed:lifecycle` diagnostics channel,
//   which the library publishes on) with their time since process start, the first of each
//   type (`progress`: the first and the last);
// - heap: at each `progress` event (one per chunk written), V8's heap in use and total and the
//   process's RSS; with `node --expose-gc` and BENCH_PROBE_GC=1 after a full collection;
// - commands (BENCH_PROBE_COMMANDS=1): every server command any copy of the driver sends, from
//   the moment it is handed to the connection to the reply: name, collection, start, ms.
// Times are milliseconds since the process started (performance.timeOrigin).
'use strict';

const { writeFileSync } = require('node:fs');
const { subscribe } = require('node:diagnostics_channel');
const { join } = require('node:path');
const v8 = require('node:v8');

const out = process.env.BENCH_PROBE_OUT;
const now = () => performance.now();
const record = { maxRssMb: 0, exitedAt: 0, events: [], heap: [], commands: [] };

subscribe('crm-calls-seed:lifecycle', (event) => {
  const at = now();
  if (event.type === 'progress') {
    // With `node --expose-gc` and BENCH_PROBE_GC=1, the live heap after a full collection.
    if (process.env.BENCH_PROBE_GC === '1' && typeof global.gc === 'function') global.gc();
    const heap = v8.getHeapStatistics();
    record.heap.push({
      written: event.written,
      usedMb: heap.used_heap_size / 2 ** 20,
      totalMb: heap.total_heap_size / 2 ** 20,
      rssMb: process.memoryUsage.rss() / 2 ** 20,
    });
    // One progress event per chunk: keep the first and the last.
    const last = record.events.at(-1);
    if (last && last.type === 'progress') {
      last.at = at;
      last.written = event.written;
      return;
    }
  }
  if (event.type === 'removing' || event.type === 'chunk-parents-written') return;
  record.events.push({
    type: event.type,
    at,
    ...(event.written === undefined ? {} : { written: event.written }),
  });
});

if (process.env.BENCH_PROBE_COMMANDS === '1') {
  // Every copy of the driver the process loads: wrap Connection#command once per copy.
  const Module = require('node:module');
  const load = Module._load;
  const wrapped = new WeakSet();
  Module._load = function (request, parent, isMain) {
    const loaded = load.apply(this, arguments);
    // require('mongodb'), or an ES module's import of it (migrate-mongo 14), which arrives here
    // as the resolved path of the driver's main file.
    if (request === 'mongodb') wrapDriver(() => Module._resolveFilename('mongodb', parent));
    else if (/[\\/]mongodb[\\/]lib[\\/]index\.js$/.test(request)) wrapDriver(() => request);
    return loaded;
  };
  function wrapDriver(driverMain) {
    let connectionModule;
    try {
      connectionModule = require(join(driverMain(), '..', 'cmap', 'connection.js'));
    } catch {
      return;
    }
    const proto = connectionModule.Connection && connectionModule.Connection.prototype;
    if (!proto || wrapped.has(proto)) return;
    wrapped.add(proto);
    const command = proto.command;
    proto.command = async function (ns, cmd, ...rest) {
      const name = Object.keys(cmd)[0];
      const target = cmd[name];
      const entry = {
        name,
        collection: typeof target === 'string' ? target : ns && ns.collection ? ns.collection : '',
        start: now(),
        ms: 0,
      };
      if (name === 'getMore') entry.collection = cmd.collection;
      record.commands.push(entry);
      try {
        return await command.call(this, ns, cmd, ...rest);
      } finally {
        entry.ms = now() - entry.start;
      }
    };
  }
}

process.on('exit', () => {
  if (!out) return;
  record.exitedAt = now();
  record.maxRssMb = (process.resourceUsage().maxRSS * 1024) / 2 ** 20;
  writeFileSync(out, JSON.stringify(record));
});
