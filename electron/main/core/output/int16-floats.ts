/**
 * Int16 PCM as floats in [-1, 1): sample / 32768, exact in float32. The one conversion the encoder
 * (mp3.ts, chunk by chunk) and the resampler (resample.ts) share. A function of its own also keeps V8
 * optimizing this loop once: inside encodeMp3 it had the whole async function recompiled on stack for
 * every clip.
 */
export function floatsOfInt16(pcm: Int16Array, start = 0, into: Float32Array = new Float32Array(pcm.length - start)): Float32Array {
  for (let i = 0; i < into.length; i++) into[i] = pcm[start + i]! / 32768;
  return into;
}
