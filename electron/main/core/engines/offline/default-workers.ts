import { availableParallelism } from 'node:os';

/**
 * How many eSpeak workers an offline run uses unless told otherwise: one core fewer than the machine
 * has, at least 1, at most 2.
 *
 * Why not one per core: eSpeak is a wasm2js build (plain JavaScript), and every worker compiles it
 * afresh: about 1 s of CPU in V8's compiler threads per worker before it runs at full speed, on top of
 * the ~2.8 s its renders take. A run also shapes, encodes, hashes and writes every file beside the
 * engine. On 2 cores a second worker's compile competes with all of that: the sample course's whole CLI
 * run measured 4.2-4.3 s with 1 eSpeak worker and 1 derive worker, 4.7-4.9 s with 2 and 2 (README,
 * benchmarks). Beyond 2 workers eSpeak's own speed-up flattens while each costs its compile again.
 */
export function defaultOfflineWorkers(cores = availableParallelism()): number {
  return Math.max(1, Math.min(2, cores - 1));
}
