/**
 * Our true peak (deliver/true-peak.ts: blocks skipped by a bound, an unrolled path where every tap reads
 * a real sample, a general one at the edges) reads what the `ebur128-wasm` package reads, on signals
 * of every length around the filter's reach and block size, with their loudest moments at the edges.
 * The package does not flush its interpolator at the end of a signal, so it misses the overshoot of a
 * peak in the last dozen samples; ours runs the filter on past the end (delivered clips end in padded
 * silence anyway): with 16 zeros after the signal both read the same, without them ours is never lower.
 */
import { describe, expect, it } from 'vitest';
import { truePeak, truePeakByPackage } from '../../../electron/main/core/deliver/loudness-meter';

const RATE = 22_050;

/** Deterministic noise-like samples, with a high-frequency burst (inter-sample peaks) at `burstAt`, then `zeros` zeros. */
function signal(length: number, seed: number, burstAt: number, zeros: number): Float32Array {
  let state = seed * 2_654_435_761;
  return Float32Array.from({ length: length + zeros }, (_, i) => {
    if (i >= length) return 0;
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const noise = 0.2 * (state / 1_073_741_824 - 1);
    const burst = Math.abs(i - burstAt) < 4 ? 0.7 * Math.sin((Math.PI / 2) * i + Math.PI / 4) : 0;
    return noise + burst;
  });
}

describe('true peak', () => {
  it('reads what ebur128-wasm reads for signals of 1 to 200 samples and longer, loudest at the start, the middle or the end', () => {
    const lengths = [1, 2, 5, 11, 12, 13, 14, 20, 31, 32, 33, 45, 64, 65, 100, 200, 1_000, 4_097];
    for (const length of lengths)
      for (const burstAt of [0, Math.floor(length / 2), length - 1]) {
        const samples = signal(length, length + burstAt, burstAt, 16);
        const ours = truePeak(samples, RATE);
        const reference = truePeakByPackage(samples, RATE);
        expect(Math.abs(ours - reference), `${length} samples, burst at ${burstAt}: ${ours} vs ${reference}`).toBeLessThan(0.001);
        const bare = signal(length, length + burstAt, burstAt, 0);
        expect(truePeak(bare, RATE), `${length} samples, burst at ${burstAt}, no zeros after`).toBeGreaterThanOrEqual(truePeakByPackage(bare, RATE) - 0.001);
      }
  });
});
