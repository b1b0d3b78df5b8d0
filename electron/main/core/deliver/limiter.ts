/**
 * A look-ahead peak limiter: the gain at each sample is the smallest gain any sample within `windowMs`
 * needs to stay under `ceiling`, smoothed by a moving average over the same window. Every value that
 * average takes is a minimum over a window containing the sample, so the smoothed gain never exceeds
 * what the sample needs: peaks are held under the ceiling without clicks. Speech peaks are short, so a
 * few dB of limiting barely moves integrated loudness.
 */
export function limitPeaks(samples: Float32Array, ceiling: number, sampleRate: number, windowMs = 5): Float32Array {
  const n = samples.length;
  const half = Math.max(1, Math.round((sampleRate * windowMs) / 1000));
  const needed = new Float32Array(n);
  let any = false;
  for (let i = 0; i < n; i++) {
    const level = Math.abs(samples[i]!);
    needed[i] = level > ceiling ? ceiling / level : 1;
    if (level > ceiling) any = true;
  }
  if (!any) return samples;
  const held = slidingMin(needed, half);
  const out = new Float32Array(n);
  // Moving average of `held` over [i - half, i + half] (clamped), each term <= needed[i].
  let sum = 0;
  let count = 0;
  for (let j = 0; j <= Math.min(n - 1, half); j++) {
    sum += held[j]!;
    count++;
  }
  for (let i = 0; i < n; i++) {
    out[i] = samples[i]! * (sum / count);
    const enter = i + half + 1;
    const leave = i - half;
    if (enter < n) {
      sum += held[enter]!;
      count++;
    }
    if (leave >= 0) {
      sum -= held[leave]!;
      count--;
    }
  }
  return out;
}

/** min(values[i - radius .. i + radius]) for every i, in O(n) with a monotonic deque. */
function slidingMin(values: Float32Array, radius: number): Float32Array {
  const n = values.length;
  const out = new Float32Array(n);
  const deque = new Int32Array(n);
  let head = 0;
  let tail = 0;
  let next = 0; // next index to push
  for (let i = 0; i < n; i++) {
    const right = Math.min(n - 1, i + radius);
    for (; next <= right; next++) {
      while (tail > head && values[deque[tail - 1]!]! >= values[next]!) tail--;
      deque[tail++] = next;
    }
    while (deque[head]! < i - radius) head++;
    out[i] = values[deque[head]!]!;
  }
  return out;
}
