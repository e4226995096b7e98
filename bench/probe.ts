import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './child-process';
import { median } from './stats';

/** bench/probe.cjs, preloaded with `node -r` into a child the benchmark times. */
export const PROBE = join(ROOT, 'bench', 'probe.cjs');

/** What bench/probe.cjs wrote at the child's exit. */
export interface ProbeRecord {
  readonly maxRssMb: number;
  readonly exitedAt: number;
  readonly events: readonly { type: string; at: number; written?: number }[];
  readonly heap: readonly { written: number; usedMb: number; totalMb: number; rssMb: number }[];
  readonly commands: readonly { name: string; collection: string; start: number; ms: number }[];
}

/** A child's probe: where it writes, and the environment that turns it on. */
export interface Probe {
  readonly env: Record<string, string>;
  read(): ProbeRecord;
  dispose(): void;
}

export function newProbe(what: { commands?: boolean } = {}): Probe {
  const dir = mkdtempSync(join(tmpdir(), 'crm-seed-probe-'));
  const file = join(dir, 'probe.json');
  return {
    env: {
      BENCH_PROBE_OUT: file,
      BENCH_PROBE_COMMANDS: what.commands ? '1' : '',
    },
    read: () => JSON.parse(readFileSync(file, 'utf8')) as ProbeRecord,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** One row of a phase table: a stretch of the run, or the server commands inside it. */
export interface PhaseRow {
  /** The stretch of the run, e.g. "lock"; */
  readonly stretch: string;
  /** ... or, inside it, one kind of command ("find calls"); undefined for the stretch itself. */
  readonly detail?: string | undefined;
  /** Round trips (commands) in the stretch; undefined for a stretch without commands of its own. */
  readonly commands?: number | undefined;
  readonly ms: number;
}

/** The lifecycle events that cut a seed's `up` into stretches, as bench/probe.cjs records them. */
export const SEED_UP_MARKS = [
  { event: 'before-lock', label: 'config checks, changelog, recovery check (before the lock)' },
  { event: 'lock-acquired', label: 'taking the seed lock' },
  { event: 'ids-reserved', label: 'under the lock: registry, links, id reservation (reads, counters)' },
  { event: 'written', label: 'writing the batch, completing it, handing the lock over' },
] as const;

/** Connection set-up and monitoring: the driver's, on every side alike. */
const HANDSHAKE = new Set(['hello', 'isMaster', 'ismaster', 'saslStart', 'saslContinue', 'endSessions']);

/**
 * Where a run's time went: start-up until its first command, then the stretches between the
 * seed's lifecycle events (before the lock, taking it, what precedes the first insert,
 * the writes, the end), each followed by its commands grouped by name and collection with
 * their client-side round-trip times (overlapping commands each count in full).
 */
export function phasesOf(
  record: ProbeRecord,
  marks: readonly { event: string; label: string }[],
  lastLabel: string,
): PhaseRow[] {
  const commands = record.commands.filter((c) => !HANDSHAKE.has(c.name));
  const firstCommand = commands[0]?.start ?? record.exitedAt;
  const bounds: { label: string; from: number; to: number }[] = [];
  let from = firstCommand;
  for (const { event, label } of marks) {
    const at = record.events.find((e) => e.type === event)?.at;
    if (at === undefined) continue;
    bounds.push({ label, from, to: at });
    from = at;
  }
  bounds.push({ label: lastLabel, from, to: record.exitedAt });
  const rows: PhaseRow[] = [{ stretch: 'start-up until the first server command', ms: firstCommand }];
  for (const b of bounds) {
    const inside = commands.filter((c) => c.start >= b.from && c.start < b.to);
    rows.push({ stretch: b.label, commands: inside.length, ms: b.to - b.from });
    const groups = new Map<string, { n: number; ms: number }>();
    for (const c of inside) {
      const key = `${c.name} ${c.collection}`.trim();
      const g = groups.get(key) ?? { n: 0, ms: 0 };
      groups.set(key, { n: g.n + 1, ms: g.ms + c.ms });
    }
    for (const [detail, g] of groups) rows.push({ stretch: b.label, detail, commands: g.n, ms: g.ms });
  }
  rows.push({ stretch: 'total, process start to exit', ms: record.exitedAt });
  return rows;
}

/** Row by row medians of several runs' tables (rows missing from a run count as absent there). */
export function medianPhases(tables: readonly PhaseRow[][]): PhaseRow[] {
  const order: string[] = [];
  const byKey = new Map<string, PhaseRow[]>();
  for (const table of tables) {
    for (const row of table) {
      const key = `${row.stretch}\n${row.detail ?? ''}`;
      if (!byKey.has(key)) {
        byKey.set(key, []);
        order.push(key);
      }
      byKey.get(key)!.push(row);
    }
  }
  // Details first seen in a later run still go under their stretch.
  const stretches = [...new Set(order.map((key) => key.split('\n')[0]!))];
  const rank = (key: string): number => stretches.indexOf(key.split('\n')[0]!);
  order.sort((a, b) => rank(a) - rank(b));
  return order.map((key) => {
    const rows = byKey.get(key)!;
    const counts = rows.flatMap((r) => (r.commands === undefined ? [] : [r.commands]));
    return {
      stretch: rows[0]!.stretch,
      detail: rows[0]!.detail,
      commands: counts.length ? median(counts) : undefined,
      ms: median(rows.map((r) => r.ms)),
    };
  });
}

/**
 * The lowest heap in use among the first and among the last fifth of the progress samples:
 * without forced collections, about the live heap just after V8's own. A growth from one to
 * the other that scales with the count is something kept per document.
 */
export function heapFloors(record: ProbeRecord): { first: number; last: number } | undefined {
  const n = record.heap.length;
  if (n < 10) return undefined;
  const fifth = Math.ceil(n / 5);
  const floor = (samples: ProbeRecord['heap']): number => Math.min(...samples.map((s) => s.usedMb));
  return { first: floor(record.heap.slice(0, fifth)), last: floor(record.heap.slice(n - fifth)) };
}
