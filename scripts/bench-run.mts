/**
 * What the benchmarks that write a results partial say about the machine they ran on: the one-minute load
 * average, sampled through the run, and the words for it.
 */
import {loadavg} from 'node:os';

/** The lowest and highest one-minute load average seen over a run. */
export interface LoadRange {
  low: number;
  high: number;
}

/**
 * Samples the one-minute load average now and every `everyMs` until `stop()`, which samples it once more and
 * gives the lowest and highest seen. `read` is `os.loadavg` unless a test gives its own.
 */
export function sampleLoadAverage(
  everyMs = 1000,
  read: () => number = () => loadavg()[0] ?? 0,
): {stop: () => LoadRange} {
  const loads = [read()];
  const timer = setInterval(() => loads.push(read()), everyMs);
  return {
    stop() {
      clearInterval(timer);
      loads.push(read());
      return {low: Math.min(...loads), high: Math.max(...loads)};
    },
  };
}

/** The load average over a run, as a results partial says it: one figure when it did not move, else its range. */
export function loadRange({low, high}: LoadRange): string {
  return low.toFixed(1) === high.toFixed(1)
    ? `of ${low.toFixed(1)}`
    : `between ${low.toFixed(1)} and ${high.toFixed(1)}`;
}

/** Whether the machine was busy enough that the times say more about its load than about what was measured. */
export function busy(loadAverage: LoadRange, cpuCores: number): boolean {
  return loadAverage.high > cpuCores * 0.5;
}
