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
}

/**
 * Reused buffers, grown as needed, one set per thread (a derive worker runs one task at a time, and a
 * shaping is synchronous): the framed clip's floats, and the limiter's passes (the best so far and the
 * current one). A shaped source in one of them is copied by `shapedFloats`; `writeShapedInt16` reads it
 * at once.
 */
const scratchBuffers = [new Float32Array(1 << 16), new Float32Array(1 << 16), new Float32Array(1 << 16)];
function scratch(index: number, length: number): Float32Array {
  if (scratchBuffers[index]!.length < length) scratchBuffers[index] = new Float32Array(length * 2);
  return scratchBuffers[index]!.subarray(0, length);
}
export const framedScratch = (length: number): Float32Array => scratch(0, length);
export const limiterScratch = (length: number): readonly [Float32Array, Float32Array] => [scratch(1, length), scratch(2, length)];
const isScratch = (samples: Float32Array): boolean => scratchBuffers.some((buffer) => buffer.buffer === samples.buffer);

export const lengthOf = (source: Float32Array | FramedPcm): number => (source instanceof Float32Array ? source.length : source.lead + (source.end - source.start) + source.tail);

/** The framed Int16 range as floats (the same values: an Int16 / 32768 is exact in float32), in `into` when given. */
export function floatsOfFramed(framed: FramedPcm, into?: Float32Array): Float32Array {
  const length = lengthOf(framed);
  const out = into ? into.subarray(0, length) : new Float32Array(length);
  const { pcm, start, end, lead } = framed;
  if (into) {
    out.fill(0, 0, lead);
    out.fill(0, lead + end - start);
  }
  for (let i = start; i < end; i++) out[lead + i - start] = pcm[i]! / 32768;
  return out;
}

/** The shaped clip as floats: the source itself when no gain applies, in place when the source is owned (a scratch source is copied). */
export function shapedFloats(shaped: ShapedSamples): Float32Array {
  const { gain, trim } = shaped;
  const source = shaped.source instanceof Float32Array ? shaped.source : floatsOfFramed(shaped.source);
  const reused = isScratch(source);
  if (gain === 1 && trim === 1) return reused ? source.slice() : source;
  const out = !reused && (shaped.owned || source !== shaped.source) ? source : new Float32Array(source.length);
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
