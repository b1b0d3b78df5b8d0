/**
 * A shaped clip before it is written out: a source signal and the gains still to apply to it. Shaping
 * decides the gains (deliver/shaping.ts); this file applies them, either into floats (a lesson track
 * lays clips out as floats) or fused with the conversion to Int16 straight into the caller's buffer (a
 * delivered clip: the WAV payload itself), so a clip is not copied once per step (scaled, trimmed,
 * converted, framed into a WAV file). Both give the same values: sample i is
 * `fround(fround(source[i] * gain) * trim)`, the float32 roundings of scaling by the gain and then
 * trimming in place, as the steps did one array at a time.
 */

/** A master's kept range [start, end) between `lead` and `tail` zeros, still in its Int16 samples (value / 32768). */
export interface FramedPcm {
  readonly pcm: Int16Array;
  readonly start: number;
  readonly end: number;
  readonly lead: number;
  readonly tail: number;
}

export interface ShapedSamples {
  readonly source: Float32Array | FramedPcm;
  readonly gain: number;
  /** 1 when no true-peak trim applies. */
  readonly trim: number;
  /** The source is this shaping's own array (the limiter's output): it may be changed in place. */
  readonly owned: boolean;
  /** The source is a reused scratch buffer (limiterScratch) that the next shaping overwrites: copied when kept. */
  readonly scratch?: boolean;
}

/** Two reused buffers for the limiter's passes (the best so far and the current one), grown as needed; one per thread. */
let scratchBuffers = [new Float32Array(1 << 16), new Float32Array(1 << 16)] as const;
export function limiterScratch(length: number): readonly [Float32Array, Float32Array] {
  if (scratchBuffers[0].length < length) scratchBuffers = [new Float32Array(length * 2), new Float32Array(length * 2)];
  return [scratchBuffers[0].subarray(0, length), scratchBuffers[1].subarray(0, length)];
}

export const lengthOf = (source: Float32Array | FramedPcm): number => (source instanceof Float32Array ? source.length : source.lead + (source.end - source.start) + source.tail);

/** The framed Int16 range as floats (the same values: an Int16 / 32768 is exact in float32). */
export function floatsOfFramed(framed: FramedPcm): Float32Array {
  const out = new Float32Array(lengthOf(framed));
  const { pcm, start, end, lead } = framed;
  for (let i = start; i < end; i++) out[lead + i - start] = pcm[i]! / 32768;
  return out;
}

/** The shaped clip as floats: the source itself when no gain applies, in place when the source is owned (a scratch source is copied). */
export function shapedFloats(shaped: ShapedSamples): Float32Array {
  const { gain, trim } = shaped;
  const source = shaped.source instanceof Float32Array ? shaped.source : floatsOfFramed(shaped.source);
  if (gain === 1 && trim === 1) return shaped.scratch ? source.slice() : source;
  const out = !shaped.scratch && (shaped.owned || source !== shaped.source) ? source : new Float32Array(source.length);
  for (let i = 0; i < source.length; i++) {
    const scaled = Math.fround(source[i]! * gain);
    out[i] = trim === 1 ? scaled : scaled * trim;
  }
  return out;
}

/**
 * Writes the shaped clip into `out` (its length, all zeros: a fresh buffer such as a new WAV file's
 * payload) as Int16, with `int16Of`'s rounding. No float copy of the clip is made.
 */
export function writeShapedInt16(shaped: ShapedSamples, out: Int16Array): void {
  const { source, gain, trim } = shaped;
  // One monomorphic loop per case (the hot loop of deriving a clip): float or Int16 source, trim or not.
  if (source instanceof Float32Array) {
    if (trim === 1) for (let i = 0; i < source.length; i++) out[i] = int16OfSample(Math.fround(source[i]! * gain));
    else for (let i = 0; i < source.length; i++) out[i] = int16OfSample(Math.fround(Math.fround(source[i]! * gain) * trim));
    return;
  }
  const { pcm, start, end, lead } = source;
  const to = lead - start;
  if (trim === 1) for (let i = start; i < end; i++) out[to + i] = int16OfSample(Math.fround((pcm[i]! / 32768) * gain));
  else for (let i = start; i < end; i++) out[to + i] = int16OfSample(Math.fround(Math.fround((pcm[i]! / 32768) * gain) * trim));
}

/** Floats back to Int16 PCM (rounded half away from zero, clamped). */
export function int16Of(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    if (samples[i] !== 0) out[i] = int16OfSample(samples[i]!); // a lesson track is mostly pauses
  }
  return out;
}

/** One float sample as Int16: clamped, rounded half away from zero. */
function int16OfSample(sample: number): number {
  let value = sample * 32768;
  value = value < -32768 ? -32768 : value > 32767 ? 32767 : value;
  // `| 0` truncates toward zero: +-0.5 first rounds half away from zero; stored as an int, not a double.
  return (value < 0 ? value - 0.5 : value + 0.5) | 0;
}
