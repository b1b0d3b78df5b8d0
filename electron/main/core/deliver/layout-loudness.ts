import { gatedLoudnessOfSteps, kWeightedRunningEnergy, stepLengthAt } from './bs1770-meter';

/**
 * Integrated loudness (BS.1770) of a lesson track given as its pieces: clips placed on digital silence,
 * without ever joining them into one signal. Each distinct clip is K-weighted once (a clip played twice
 * is filtered once, into a reused scratch array) into a running energy, and each placement adds
 * its share to the 100 ms steps it
 * covers; the steps are then gated exactly as the meter gates any signal (bs1770-meter.ts).
 *
 * Why it is the same number as metering the joined track: the pauses are digital silence, so the
 * K-weighting filter enters each clip at rest, as it is filtered here. The only difference is the
 * filter's ringing after a clip, which this does not carry into the silence after it; with clips
 * padded by silence (the only tracks metered this way, track-render.ts) that ringing has died out
 * inside the clip's own tail. A unit test holds the two within 0.001 LU.
 */
export interface PlacedClips {
  /** Samples in the whole track. */
  readonly length: number;
  /** Every clip the track plays, in order: which clip, starting at which sample. */
  readonly placed: ReadonlyArray<{ readonly key: string; readonly at: number }>;
  /** Each distinct clip's samples, by key. */
  readonly clips: ReadonlyMap<string, Float32Array>;
}

export function integratedLoudnessOfLayout(layout: PlacedClips, sampleRate: number): number {
  const stepLength = stepLengthAt(sampleRate);
  // As the meter does: only whole steps count.
  const energies = new Float64Array(Math.floor(layout.length / stepLength));
  const covered = energies.length * stepLength;
  const placesOf = new Map<string, number[]>();
  for (const { key, at } of layout.placed) {
    const places = placesOf.get(key);
    if (places) places.push(at);
    else placesOf.set(key, [at]);
  }
  for (const [key, places] of placesOf) {
    const clip = layout.clips.get(key);
    if (!clip) throw new Error(`integratedLoudnessOfLayout: no clip "${key}"`);
    const energy = kWeightedRunningEnergy(clip, sampleRate);
    for (const at of places) {
      const end = Math.min(at + clip.length, covered);
      for (let step = Math.floor(at / stepLength); step * stepLength < end; step++) {
        const from = Math.max(at, step * stepLength) - at;
        const to = Math.min(end, (step + 1) * stepLength) - at;
        energies[step]! += energy[to]! - energy[from]!;
      }
    }
  }
  return gatedLoudnessOfSteps(energies, stepLength);
}
