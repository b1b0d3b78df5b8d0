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

/**
 * The shape the fast path relies on, checked once: phase 0 is the sample 6 back itself (coefficient 1,
 * never above the sample peak), and phases 1-3 each read the same 12 samples, 0 to 11 back, in order.
 */
const SHARED_TAPS = 12;
if (
  TAP_COUNT[0] !== 1 ||
  COEFF[0] !== 1 ||
  [1, 2, 3].some((f) => TAP_COUNT[f] !== SHARED_TAPS || BACK.subarray(f * MAX_TAPS, f * MAX_TAPS + SHARED_TAPS).some((back, t) => back !== t))
)
  throw new Error('true-peak.ts: unexpected interpolator layout');
const C1 = Float64Array.from(COEFF.subarray(MAX_TAPS, MAX_TAPS + SHARED_TAPS));
const C2 = Float64Array.from(COEFF.subarray(2 * MAX_TAPS, 2 * MAX_TAPS + SHARED_TAPS));
const C3 = Float64Array.from(COEFF.subarray(3 * MAX_TAPS, 3 * MAX_TAPS + SHARED_TAPS));

/** The largest of `best` and the 4x oversampled outputs at the samples of block `b`. */
function filterBlock(samples: Float32Array, b: number, best: number): number {
  const n = samples.length;
  const start = b * BLOCK;
  const end = Math.min(n + REACH, start + BLOCK);
  // Where every tap reads a real sample: the three phases over 12 shared samples, unrolled, each
  // summed in tap order (the same sums as the general loop below, bit for bit).
  const from = Math.max(start, REACH);
  const to = Math.min(end, n);
  if (from > start) best = filterEdge(samples, start, Math.min(from, end), best);
  for (let i = from; i < to; i++) {
    const x0 = samples[i]!;
    const x1 = samples[i - 1]!;
    const x2 = samples[i - 2]!;
    const x3 = samples[i - 3]!;
    const x4 = samples[i - 4]!;
    const x5 = samples[i - 5]!;
    const x6 = samples[i - 6]!;
    const x7 = samples[i - 7]!;
    const x8 = samples[i - 8]!;
    const x9 = samples[i - 9]!;
    const x10 = samples[i - 10]!;
    const x11 = samples[i - 11]!;
    for (const c of PHASE_COEFFS) {
      const acc = c[0]! * x0 + c[1]! * x1 + c[2]! * x2 + c[3]! * x3 + c[4]! * x4 + c[5]! * x5 + c[6]! * x6 + c[7]! * x7 + c[8]! * x8 + c[9]! * x9 + c[10]! * x10 + c[11]! * x11;
      const v = acc < 0 ? -acc : acc;
      if (v > best) best = v;
    }
  }
  if (end > Math.max(to, from)) best = filterEdge(samples, Math.max(to, from), end, best);
  return best;
}

const PHASE_COEFFS = [C1, C2, C3] as const;

/** Outputs at samples [from, to) where some taps fall outside the signal (they read zeros). */
function filterEdge(samples: Float32Array, from: number, to: number, best: number): number {
  const n = samples.length;
  for (let i = from; i < to; i++) {
    for (let f = 0; f < FACTOR; f++) {
      const first = f * MAX_TAPS;
      const last = first + TAP_COUNT[f]!;
      let acc = 0;
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
