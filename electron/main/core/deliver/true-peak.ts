/**
 * True peak (ITU-R BS.1770-4 Annex 2: the signal oversampled 4x, the largest absolute value) with the
 * interpolator libebur128 uses (49-tap Hann-windowed sinc, split into 4 phases of at most 13 taps), so
 * it reads what `ebur128-wasm` (the Rust port of libebur128) reads; a unit test holds the two together.
 *
 * Why our own: metering every master is on the critical path of a run, and the package's true peak
 * filters every sample of every phase. A phase's output is a weighted sum of 13 neighbouring samples,
 * so it can never exceed their largest magnitude times the sum of the phase's |coefficients|. Blocks
 * whose neighbourhood cannot beat the largest value found so far are skipped without changing the
 * result; in speech that is nearly all of them.
 */
const FACTOR = 4;
const TAPS = 49;
const BLOCK = 32;

interface Phase {
  readonly coeff: Float64Array;
  /** How many samples back each coefficient reads. */
  readonly back: Int32Array;
}

const PHASES: readonly Phase[] = (() => {
  const coeffs: number[][] = Array.from({ length: FACTOR }, () => []);
  const backs: number[][] = Array.from({ length: FACTOR }, () => []);
  for (let j = 0; j < TAPS; j++) {
    const m = j - (TAPS - 1) / 2;
    let c = Math.abs(m) > 1e-6 ? Math.sin((m * Math.PI) / FACTOR) / ((m * Math.PI) / FACTOR) : 1;
    c *= 0.5 * (1 - Math.cos((2 * Math.PI * j) / (TAPS - 1)));
    if (Math.abs(c) <= 1e-6) continue;
    coeffs[j % FACTOR]!.push(c);
    backs[j % FACTOR]!.push(Math.floor(j / FACTOR));
  }
  return coeffs.map((coeff, f) => ({ coeff: Float64Array.from(coeff), back: Int32Array.from(backs[f]!) }));
})();

/** How many samples back the oldest coefficient reads (the interpolator's delay line). */
const REACH = Math.ceil(TAPS / FACTOR);
/** No phase output exceeds this times the largest input magnitude it reads. */
const GAIN_BOUND = Math.max(...PHASES.map((phase) => phase.coeff.reduce((sum, c) => sum + Math.abs(c), 0)));

/** True peak in dBTP of mono samples in [-1, 1]; -Infinity for digital silence. */
export function truePeakDbtp(samples: Float32Array): number {
  const n = samples.length;
  if (n === 0) return -Infinity;
  const blocks = Math.ceil(n / BLOCK);
  const blockMax = new Float32Array(blocks);
  let best = 0; // the sample peak: the true peak is never below it
  for (let b = 0; b < blocks; b++) {
    let max = 0;
    for (let i = b * BLOCK, end = Math.min(n, i + BLOCK); i < end; i++) {
      const v = Math.abs(samples[i]!);
      if (v > max) max = v;
    }
    blockMax[b] = max;
    if (max > best) best = max;
  }
  if (best === 0) return -Infinity;
  // Outputs at sample i read samples i - REACH + 1 .. i: the block itself and the one before
  // (REACH <= BLOCK); the filter runs REACH samples past the end, on the zeros after the signal.
  const order = Array.from({ length: blocks + 1 }, (_, b) => b).sort((a, b) => neighbourhood(blockMax, b) - neighbourhood(blockMax, a));
  for (const b of order) {
    if (neighbourhood(blockMax, b) * GAIN_BOUND <= best) break; // sorted: no later block can do better
    const end = Math.min(n + REACH, (b + 1) * BLOCK);
    for (let i = b * BLOCK; i < end; i++) {
      const inside = i >= REACH && i < n; // every tap reads a real sample: no bounds checks
      for (const { coeff, back } of PHASES) {
        let acc = 0;
        if (inside) for (let t = 0; t < coeff.length; t++) acc += coeff[t]! * samples[i - back[t]!]!;
        else
          for (let t = 0; t < coeff.length; t++) {
            const at = i - back[t]!;
            if (at >= 0 && at < n) acc += coeff[t]! * samples[at]!;
          }
        const v = Math.abs(acc);
        if (v > best) best = v;
      }
    }
  }
  return 20 * Math.log10(best);
}

/** The largest magnitude outputs in block `b` can read: its own samples and the block before. */
function neighbourhood(blockMax: Float32Array, b: number): number {
  return Math.max(blockMax[b] ?? 0, blockMax[b - 1] ?? 0);
}
