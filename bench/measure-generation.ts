import { callChunks, callsPlan } from '../src/internal';
import type { CallsSettings } from '../src/internal';
import { median, perSecond } from './stats';

export interface GenerationFigures {
  /** Calls (each with its log) per second of this process's CPU time: one core's worth. */
  readonly callsPerCpuSecond: number;
  /** The same per wall-clock second: lower whenever other processes share the core. */
  readonly callsPerWallSecond: number;
}

/**
 * Generation alone, no database: medians of `reps` runs after one warm-up run that lets the
 * JIT settle. Timed by CPU time as well as wall time because on a shared machine the wall
 * clock measures the neighbours too; CPU time includes V8's GC helper threads, so it errs low.
 */
export function measureGeneration(settings: CallsSettings, calls: number, reps: number): GenerationFigures {
  const plan = callsPlan({ ...settings, calls } as CallsSettings, 'bench-generation');
  const run = (): { cpu: number; wall: number } => {
    const wallStart = performance.now();
    const cpuStart = process.cpuUsage();
    let made = 0;
    for (const chunk of callChunks(plan, settings.batchSize)) made += chunk.calls.length;
    const cpu = process.cpuUsage(cpuStart);
    const wall = performance.now() - wallStart;
    if (made !== calls) throw new Error(`generation made ${made} calls instead of ${calls}`);
    return { cpu: perSecond(calls, (cpu.user + cpu.system) / 1000), wall: perSecond(calls, wall) };
  };
  run();
  const runs = Array.from({ length: reps }, run);
  return {
    callsPerCpuSecond: median(runs.map((r) => r.cpu)),
    callsPerWallSecond: median(runs.map((r) => r.wall)),
  };
}
