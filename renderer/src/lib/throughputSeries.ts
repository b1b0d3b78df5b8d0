import type { PoolGauges } from '../../../shared/ipc/contract';

// Main keeps one rolling window of throughput samples (one a second while a run is on) across runs,
// courses and engines. The charts show the CURRENT run only: an offline run at 150/s must not flatten
// the next Azure run at 5/s. Main says where the latest run's samples begin (`runSamplesFrom`, counted
// in `samplesTaken`), so the run's samples are exactly the newest `samplesTaken - runSamplesFrom` of
// the window, including the last one taken as it ended, whenever its event arrives.

type Samples = Pick<PoolGauges, 'throughput' | 'samplesTaken' | 'runSamplesFrom' | 'runsStarted'>;

/**
 * The latest run's samples, oldest first; none while that run is `hidden` (its number, `runsStarted`):
 * another course or engine was picked since, or a new run started whose first gauges have not arrived.
 */
export function runSeries(pool: Samples, hidden: number | null): number[] {
  // A main without the counters: the whole window is all there is to show.
  if (pool.samplesTaken === undefined || pool.runSamplesFrom === undefined) return [...pool.throughput];
  if (pool.runsStarted === hidden) return [];
  const ours = Math.max(0, Math.min(pool.throughput.length, pool.samplesTaken - pool.runSamplesFrom));
  return ours === 0 ? [] : pool.throughput.slice(pool.throughput.length - ours);
}

/**
 * The run to hide for a page that arrives (a snapshot): none during or after a run, which it draws
 * whole; the last run when the studio is idle (nothing of an idle studio's past is the current run).
 */
export function hiddenRunFor(pool: Samples, run: { state: string }): number | null {
  return run.state === 'idle' ? (pool.runsStarted ?? null) : null;
}

/** A round top for the y-axis (1, 2, 2.5 or 5 times a power of ten) just above the series' peak. */
export function chartCeiling(values: readonly number[]): number {
  const peak = Math.max(0, ...values.filter(Number.isFinite));
  if (peak <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(peak));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= peak) return step * power;
  return 10 * power;
}

/** The axis labels for a ceiling: "2.5", "150", "0.2". */
export const axisLabel = (value: number): string => String(Number(value.toPrecision(3)));
