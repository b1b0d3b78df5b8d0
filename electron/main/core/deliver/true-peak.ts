/**
 * True peak (ITU-R BS.1770-4 Annex 2: the signal oversampled 4x, the largest absolute value) with the
 * interpolator libebur128 uses (49-tap Hann-windowed sinc, split into 4 phases of at most 13 taps), so
 * it reads what `ebur128-wasm` (the Rust port of libebur128) reads; a unit test holds the two together.
 *
 * Why our own: metering every master is on the critical path of a run, and the package's true peak
 * filters every sample of every phase. A phase's output is a weighted sum of 13 neighbouring samples,
 * so it can never exceed their largest magnitude times the sum of the phase's |coefficients|. Blocks
 * whose neighbourhood cannot beat the largest value found so far are skipped without changing the
 * result; in speech that is nearly all of them. One pass over the blocks in order, no sorting and no
 * per-call objects: the block maxima are one typed array.
 */
const FACTOR = 4;
const TAPS = 49;
const BLOCK = 32;

/** The 4 phases' coefficients, flat: phase f's taps are COEFF[f * MAX_TAPS .. + TAP_COUNT[f]). */
const MAX_TAPS = Math.ceil(TAPS / FACTOR);
const COEFF = new Float64Array(FACTOR * MAX_TAPS);
/** How many samples back each coefficient reads (same layout). */
const BACK = new Int32Array(FACTOR * MAX_TAPS);
const TAP_COUNT = new Int32Array(FACTOR);
for (let j = 0; j < TAPS; j++) {
  const m = j - (TAPS - 1) / 2;
  let c = Math.abs(m) > 1e-6 ? Math.sin((m * Math.PI) / FACTOR) / ((m * Math.PI) / FACTOR) : 1;
  c *= 0.5 * (1 - Math.cos((2 * Math.PI * j) / (TAPS - 1)));
  if (Math.abs(c) <= 1e-6) continue;
  const phase = j % FACTOR;
  const at = phase * MAX_TAPS + TAP_COUNT[phase]!++;
  COEFF[at] = c;
  BACK[at] = Math.floor(j / FACTOR);
}

/** How many samples back the oldest coefficient reads (the interpolator's delay line). */
const REACH = Math.ceil(TAPS / FACTOR);
/** No phase output exceeds this times the largest input magnitude it reads. */
const GAIN_BOUND = (() => {
  let bound = 0;
  for (let f = 0; f < FACTOR; f++) {
    let sum = 0;
    for (let t = 0; t < TAP_COUNT[f]!; t++) sum += Math.abs(COEFF[f * MAX_TAPS + t]!);
    bound = Math.max(bound, sum);
  }
  return bound;
})();

/** True peak in dBTP of mono samples in [-1, 1]; -Infinity for digital silence. */
export function truePeakDbtp(samples: Float32Array): number {
  const n = samples.length;
  if (n === 0) return -Infinity;
  const blocks = Math.ceil(n / BLOCK);
  const blockMax = new Float32Array(blocks + 1); // + the block after the signal (the filter's tail), 0
  let best = 0; // the sample peak: the true peak is never below it
  let peakBlock = 0;
  for (let b = 0; b < blocks; b++) {
    let max = 0;
    for (let i = b * BLOCK, end = Math.min(n, i + BLOCK); i < end; i++) {
      const v = Math.abs(samples[i]!);
      if (v > max) max = v;
    }
    blockMax[b] = max;
    if (max > best) {
      best = max;
      peakBlock = b;
    }
  }
  if (best === 0) return -Infinity;
  // Outputs in block b read samples of blocks b - 1 and b (REACH <= BLOCK); the filter runs REACH
  // samples past the end, on the zeros after the signal. The outputs around the sample peak first (in
  // speech, nearly always where the true peak is), then one pass in order: a block is filtered only
  // when its neighbourhood times GAIN_BOUND can beat the best value so far, which only grows, so a
  // skipped block could never have raised the final maximum: the result is the one filtering
  // everything gives.
  best = filterBlock(samples, peakBlock, best);
  best = filterBlock(samples, peakBlock + 1, best);
  for (let b = 0; b <= blocks; b++) {
    if (b === peakBlock || b === peakBlock + 1) continue;
    const reach = Math.max(blockMax[b]!, b > 0 ? blockMax[b - 1]! : 0);
    if (reach * GAIN_BOUND > best) best = filterBlock(samples, b, best);
  }
  return 20 * Math.log10(best);
}

/** The largest of `best` and the 4x oversampled outputs at the samples of block `b`. */
function filterBlock(samples: Float32Array, b: number, best: number): number {
  const n = samples.length;
  const end = Math.min(n + REACH, (b + 1) * BLOCK);
  for (let i = b * BLOCK; i < end; i++) {
    const inside = i >= REACH && i < n; // every tap reads a real sample: no bounds checks
    for (let f = 0; f < FACTOR; f++) {
      const first = f * MAX_TAPS;
      const last = first + TAP_COUNT[f]!;
      let acc = 0;
      if (inside) for (let t = first; t < last; t++) acc += COEFF[t]! * samples[i - BACK[t]!]!;
      else
        for (let t = first; t < last; t++) {
          const at = i - BACK[t]!;
          if (at >= 0 && at < n) acc += COEFF[t]! * samples[at]!;
        }
      const v = Math.abs(acc);
      if (v > best) best = v;
    }
  }
  return best;
}
