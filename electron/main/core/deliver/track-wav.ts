import { resamplePcm } from '../output/resample';
import { silentWav } from '../output/wav';
import type { PlacedClips } from './layout-loudness';
import { int16Of } from './shaped-samples';

/**
 * A lesson track as a WAV file, written straight from its pieces (track-render.ts's layout): the file
 * is allocated as digital silence and each clip's samples are copied to its places. A track is mostly
 * pauses, so nothing is done for them: no joined float signal, no conversion pass over the whole track,
 * no second copy into the file (the sample course's tracks are 2 540 s of audio for 820 s of clips).
 * Each distinct clip is converted to 16 bits (and resampled to `toRate`) once, however often it plays.
 */
export async function encodeTrackWav(layout: PlacedClips, fromRate: number, toRate: number): Promise<{ bytes: Uint8Array; durationMs: number }> {
  const atRate = (position: number): number => (fromRate === toRate ? position : Math.round((position * toRate) / fromRate));
  const frames = atRate(layout.length);
  const { bytes, samples } = silentWav(frames, toRate);
  const converted = new Map<string, Int16Array>();
  for (const { key, at } of layout.placed) {
    let clip = converted.get(key);
    if (!clip) {
      const samplesOfKey = layout.clips.get(key);
      if (!samplesOfKey) throw new Error(`encodeTrackWav: no clip "${key}"`);
      clip = await resamplePcm(int16Of(samplesOfKey), fromRate, toRate);
      converted.set(key, clip);
    }
    const start = atRate(at);
    samples.set(start + clip.length <= frames ? clip : clip.subarray(0, Math.max(0, frames - start)), start);
  }
  return { bytes, durationMs: (frames / toRate) * 1000 };
}
