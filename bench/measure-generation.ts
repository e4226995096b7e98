import { generateChunks, planFromSettings } from '../src/generate/generation-plan';
import type { Settings } from '../src/config/settings-table';
import { median, perSecond } from './stats';

/**
 * Generation alone, no database: calls (each with its activity log) per second on one core,
 * the median of `reps` runs after one warm-up run that lets the JIT settle.
 */
export function measureGeneration(settings: Settings, calls: number, reps: number): number {
  const plan = { ...planFromSettings(settings, 'bench-generation'), count: calls };
  const run = (): number => {
    const start = performance.now();
    let made = 0;
    for (const chunk of generateChunks(plan, 1, 1, settings.batchSize)) made += chunk.calls.length;
    if (made !== calls) throw new Error(`generation made ${made} calls instead of ${calls}`);
    return perSecond(calls, performance.now() - start);
  };
  run();
  return median(Array.from({ length: reps }, run));
}
