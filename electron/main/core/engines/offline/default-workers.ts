import { availableParallelism } from 'node:os';

/**
 * How many eSpeak workers an offline run uses unless told otherwise: one core fewer than the machine
 * has, at least 1, at most 2.
 *
 * Why not one per core: a run also shapes, encodes, hashes and writes every file beside the engine, and
 * the engine is no longer what a run waits for: eSpeak renders the sample course in ~1.0 s on one worker
 * (0.75 s on two), while the run's delivery work takes a core of its own. On 2 cores the whole CLI run
 * measured 3.13 s with 1 eSpeak worker and 3.25 s with 2 (README, benchmarks); each worker also holds its
 * own eSpeak instance (the 18 MB module, voice data included).
 */
export function defaultOfflineWorkers(cores = availableParallelism()): number {
  return Math.max(1, Math.min(2, cores - 1));
}
