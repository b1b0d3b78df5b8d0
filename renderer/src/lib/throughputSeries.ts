import type { PoolGauges } from '../../../shared/ipc/contract';

// Main keeps one rolling window of throughput samples (one a second while a run is on) across runs,
// courses and engines. The charts show the CURRENT run only: an offline run at 150/s must not flatten
// the next Azure run at 5/s. `samplesTaken` counts every sample main ever took, so the samples taken
// since the series started are exactly the newest `samplesTaken - start` of the window.

type Samples = Pick<PoolGauges, 'throughput' | 'samplesTaken'>;

/** The current run's samples, oldest first. `start` is `samplesTaken` when the series began. */
export function runSeries(pool: Samples, start: number): number[] {
  // A main without the counter: the whole window is all there is to show.
  if (pool.samplesTaken === undefined) return [...pool.throughput];
  const ours = Math.max(0, Math.min(pool.throughput.length, pool.samplesTaken - start));
  return ours === 0 ? [] : pool.throughput.slice(pool.throughput.length - ours);
}

/**
 * Where the series starts for a page that arrives mid-run or after one (a snapshot): the samples of the
 * last `elapsedMs`, one per second. Nothing of an idle studio's past is the current run.
 */
export function seriesStartFor(pool: Samples, run: { state: string; progress: { elapsedMs: number } }): number {
  const taken = pool.samplesTaken ?? 0;
  if (run.state === 'idle') return taken;
  return Math.max(0, taken - Math.ceil(run.progress.elapsedMs / 1000));
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
