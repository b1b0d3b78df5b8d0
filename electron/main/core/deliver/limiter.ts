/**
 * A look-ahead peak limiter: the gain at each sample is the smallest gain any sample within `windowMs`
 * needs to stay under `ceiling`, smoothed by a moving average over the same window. Every value that
 * average takes is a minimum over a window containing the sample, so the smoothed gain never exceeds
 * what the sample needs: peaks are held under the ceiling without clicks. Speech peaks are short, so a
 * few dB of limiting barely moves integrated loudness.
 *
 * `gain` is applied first (fused: no scaled copy). Only the neighbourhoods of samples over the ceiling
 * are limited: a sample farther than two windows from all of them has a window of needed gains that are
 * all 1, so its gain is exactly 1 and it is only scaled. The input is never modified; the result is the
 * input itself when the gain is 1 and nothing is over the ceiling.
 */
export function limitPeaks(samples: Float32Array, ceiling: number, sampleRate: number, windowMs = 5, gain = 1): Float32Array {
  return limitPeaksScaled(samples, gain, ceiling, sampleRate, windowMs).samples;
}

/**
 * `limitPeaks` saying whether the limiter acted (some scaled sample was over the ceiling). With
 * `copyUnlimited: false`, a signal the limiter leaves alone comes back unscaled (`samples` itself): the
 * caller applies the gain when it writes the clip (deliver/shaped-samples.ts), not in a copy. `into`:
 * where to write the result (at least `samples.length` long; a caller's reused scratch) instead of a new array.
 */
export function limitPeaksScaled(
  samples: Float32Array,
  gain: number,
  ceiling: number,
  sampleRate: number,
  windowMs = 5,
  { copyUnlimited = true, into }: { copyUnlimited?: boolean; into?: Float32Array } = {},
): { samples: Float32Array; limited: boolean } {
  const n = samples.length;
  const half = Math.max(1, Math.round((sampleRate * windowMs) / 1000));
  let next = firstOver(samples, gain, ceiling, 0);
  if (next >= n) return { samples: gain === 1 || !copyUnlimited ? samples : scaled(samples, gain, into), limited: false };
  const out = scaled(samples, gain, into);
  // Peaks closer than this share a region: their windows of needed gain and of smoothing overlap.
  const apart = 4 * half + 1;
  while (next < n) {
    const first = next;
    let last = first;
    for (let i = first + 1; i < n && i <= last + apart; i++) if (Math.abs(out[i]!) > ceiling) last = i;
    limitRegion(out, ceiling, half, first, last);
    next = firstOver(samples, gain, ceiling, last + apart + 1);
  }
  return { samples: out, limited: true };
}

/** The first index from `from` whose sample, scaled as `scaled` stores it, is over the ceiling. */
function firstOver(samples: Float32Array, gain: number, ceiling: number, from: number): number {
  // A sample this far under ceiling / gain cannot be over once scaled and rounded to float32 (2^-24 relative).
  const surelyUnder = (ceiling / gain) * (1 - 1e-6);
  for (let i = from; i < samples.length; i++) {
    const level = Math.abs(samples[i]!);
    if (level > surelyUnder && Math.abs(Math.fround(samples[i]! * gain)) > ceiling) return i;
  }
  return samples.length;
}

/** Scratch for the needed and held gains of one region, grown as needed and reused (one per thread). */
let scratch = new Float32Array(4096);
let queue = new Int32Array(4096);

/**
 * Limits `out` (already scaled) around the peaks over `ceiling` in [first, last]: outputs within two
 * windows of them, from held gains within three, from needed gains within four (all others are 1).
 */
function limitRegion(out: Float32Array, ceiling: number, half: number, first: number, last: number): void {
  const n = out.length;
  const kFrom = Math.max(0, first - 4 * half);
  const kTo = Math.min(n - 1, last + 4 * half);
  const jFrom = Math.max(0, first - 3 * half);
  const jTo = Math.min(n - 1, last + 3 * half);
  const size = kTo - kFrom + 1;
  if (scratch.length < 2 * size) {
    scratch = new Float32Array(2 * size);
    queue = new Int32Array(size);
  }
  const needed = scratch.subarray(0, size); // needed[k - kFrom]
  const held = scratch.subarray(size, 2 * size); // held[j - kFrom]
  for (let k = kFrom; k <= kTo; k++) {
    const level = Math.abs(out[k]!);
    needed[k - kFrom] = level > ceiling ? ceiling / level : 1;
  }
  // held[j] = min(needed[j - half .. j + half]), a monotonic deque of k indices.
  let head = 0;
  let tail = 0;
  let push = kFrom;
  for (let j = jFrom; j <= jTo; j++) {
    const right = Math.min(kTo, j + half);
    for (; push <= right; push++) {
      const value = needed[push - kFrom]!;
      while (tail > head && needed[queue[tail - 1]! - kFrom]! >= value) tail--;
      queue[tail++] = push;
    }
    while (queue[head]! < j - half) head++;
    held[j - kFrom] = needed[queue[head]! - kFrom]!;
  }
  // Moving average of `held` over [i - half, i + half] (clamped to the signal), each term <= needed[i].
  const iFrom = Math.max(0, first - 2 * half);
  const iTo = Math.min(n - 1, last + 2 * half);
  let sum = 0;
  let count = 0;
  for (let j = Math.max(0, iFrom - half); j <= Math.min(n - 1, iFrom + half); j++) {
    sum += held[j - kFrom]!;
    count++;
  }
  for (let i = iFrom; i <= iTo; i++) {
    out[i] = out[i]! * (sum / count);
    const enter = i + half + 1;
    const leave = i - half;
    if (enter < n) {
      sum += enter <= jTo ? held[enter - kFrom]! : 1;
      count++;
    }
    if (leave >= 0) {
      sum -= held[leave - kFrom]!;
      count--;
    }
  }
}

/** `samples` times `gain`, a new array (or the start of `into`). */
export function scaled(samples: Float32Array, gain: number, into?: Float32Array): Float32Array {
  const out = into ? into.subarray(0, samples.length) : new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = samples[i]! * gain;
  return out;
}
