import type { Estimate } from '../../../../shared/ipc/contract';
import { BATCH_SUGGESTED_FROM } from '../../../../shared/model/settings-limits';
import { DEFAULT_LIMITS, splitIntoJobs, type BatchLimits } from '../engines/azure-batch/split-jobs';

/**
 * "Send to Azure batch": how long the renders left would take as batch jobs, and what they cost.
 * The batch-throughput model (docs/azure-batch-synthesis.md, "Throughput model"): the service runs a
 * resource's jobs side by side (at most 300 at once), so a run takes about one job's time per wave
 * of 300 jobs: the time a job waits to start and its first results (the documented p50 10-20 s, p95
 * about 2 min for short inputs), plus its inputs at the fleet's pace, plus up to one poll interval
 * (15 s) before we see it finished. The pace is an assumption, not a measurement: the estimate is
 * always a range. The cost is the same per character as interactive synthesis (same neural voices,
 * same price), so only the time differs.
 */
export const BATCH_THROUGHPUT_MODEL = {
  /** A job's wait before its first results: documented p50 10-20 s, p95 about 2 min. */
  startMs: { low: 10_000, likely: 20_000, high: 120_000 },
  /** Inputs one job synthesizes per second (assumed: the service spreads a job over its fleet). */
  inputsPerSecond: { low: 5, likely: 20, high: 50 },
  /** Jobs the service runs at once per resource (documented limit). */
  runningJobs: 300,
  /** Our longest poll interval: a finished job is seen at most this late. */
  pollMaxMs: 15_000,
} as const;

export type BatchEstimate = NonNullable<Estimate['batch']>;

/** The batch estimate for these renders' SSML (split exactly as a batch run would split it). */
export function estimateBatch(
  inputs: ReadonlyArray<{ readonly content: string }>,
  billableChars: number,
  pricePerMillionChars: number,
  thresholdRenders: number = BATCH_SUGGESTED_FROM,
  limits: BatchLimits = DEFAULT_LIMITS,
): BatchEstimate {
  const { jobs } = splitIntoJobs(inputs, limits);
  const largest = jobs.reduce((most, job) => Math.max(most, job.length), 0);
  const waves = Math.max(1, Math.ceil(jobs.length / BATCH_THROUGHPUT_MODEL.runningJobs));
  const { startMs, inputsPerSecond, pollMaxMs } = BATCH_THROUGHPUT_MODEL;
  const time = (start: number, pace: number, poll: number): number => (inputs.length ? Math.round(waves * (start + (largest / pace) * 1000) + poll) : 0);
  return {
    offered: inputs.length >= thresholdRenders,
    thresholdRenders,
    jobs: jobs.length,
    // Fastest: short start, fast fleet, seen at once; slowest: p95 start, slow fleet, a whole poll late.
    lowMs: time(startMs.low, inputsPerSecond.high, 0),
    estimatedMs: time(startMs.likely, inputsPerSecond.likely, pollMaxMs / 2),
    highMs: time(startMs.high, inputsPerSecond.low, pollMaxMs),
    costUsd: Math.round((billableChars / 1_000_000) * pricePerMillionChars * 10_000) / 10_000,
  };
}
