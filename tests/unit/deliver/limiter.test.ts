/**
 * The peak limiter (gain fused in, only the neighbourhoods of peaks limited) against the plain
 * definition computed over the whole signal, and normalization through it landing on the target.
 */
import { describe, expect, it } from 'vitest';
import { limitPeaks, limitPeaksScaled } from '../../../electron/main/core/deliver/limiter';
import { integratedLoudness, truePeak } from '../../../electron/main/core/deliver/loudness-meter';
import { int16Of } from '../../../electron/main/core/deliver/shaped-samples';
import { normalizeLoudness } from '../../../electron/main/core/deliver/shaping';

const RATE = 22_050;

/** The limiter by its definition: needed gain per sample, sliding minimum, moving average, all over the whole signal. */
function reference(samples: Float32Array, gain: number, ceiling: number, half: number): Float32Array {
  const n = samples.length;
  const input = samples.map((v) => v * gain);
  const needed = input.map((v) => (Math.abs(v) > ceiling ? ceiling / Math.abs(v) : 1));
  const held = needed.map((_, j) => Math.min(...needed.subarray(Math.max(0, j - half), Math.min(n, j + half + 1))));
  return input.map((v, i) => {
    const window = held.subarray(Math.max(0, i - half), Math.min(n, i + half + 1));
    return v * (window.reduce((sum, x) => sum + x, 0) / window.length);
  });
}

/** Speech-like: syllables with a few sharp peaks, at the start, in the middle (clustered) and at the very end. */
function speech(seconds: number, level: number): Float32Array {
  const out = new Float32Array(Math.round(RATE * seconds));
  for (let i = 0; i < out.length; i++) {
    const t = i / RATE;
    out[i] = level * Math.max(0, Math.sin(Math.PI * 5 * t)) * (0.6 * Math.sin(2 * Math.PI * 170 * t) + 0.3 * Math.sin(2 * Math.PI * 900 * t));
  }
  for (const at of [3, 5_000, 5_090, 5_300, 14_000, out.length - 1]) out[at] = (at % 2 ? -1 : 1) * level * 1.6;
  return out;
}

describe('the peak limiter', () => {
  it('gives what the definition gives over the whole signal, with the gain fused in, peaks near both ends and clustered', () => {
    const samples = speech(0.8, 0.5);
    const ceiling = 10 ** (-2 / 20);
    const half = Math.round((RATE * 5) / 1000);
    for (const gain of [1, 1.4, 2.5]) {
      const ours = limitPeaksScaled(samples, gain, ceiling, RATE);
      const expected = reference(samples, gain, ceiling, half);
      expect(ours.limited).toBe(true);
      let worst = 0;
      for (let i = 0; i < samples.length; i++) worst = Math.max(worst, Math.abs(ours.samples[i]! - expected[i]!));
      expect(worst, `gain ${gain}`).toBeLessThan(1e-6);
      expect(Math.max(...ours.samples.map(Math.abs))).toBeLessThanOrEqual(ceiling * (1 + 1e-6));
    }
  });

  it('leaves a signal under the ceiling alone: the input itself at unity gain, only scaled otherwise', () => {
    const samples = speech(0.5, 0.2);
    expect(limitPeaks(samples, 0.9, RATE)).toBe(samples);
    const louder = limitPeaksScaled(samples, 2, 0.9, RATE);
    expect(louder.limited).toBe(false);
    expect(louder.samples.every((v, i) => v === Math.fround(samples[i]! * 2))).toBe(true);
    expect(samples[100]).toBe(speech(0.5, 0.2)[100]); // never modified
  });
});

/** Speech-like with bursts of plosive-like peaks (30 samples at 3x) every `every` samples: limiting them costs loudness. */
function plosive(seconds: number, level: number, every: number): Float32Array {
  return speech(seconds, level).map((v, i) => (i % every < 30 ? 3 * v : v));
}

describe('normalizing through the limiter', () => {
  it('lands within 0.1 LU of the target and under the true-peak ceiling when limiting and the final trim cost loudness', () => {
    // Limiting these (and trimming their inter-sample overshoot) costs 0.35-0.45 LU at first: the gain is corrected until it lands.
    for (const [every, integrated] of [
      [1000, -18],
      [3000, -18],
      [3000, -16],
    ] as const) {
      const samples = plosive(1.7, 0.3, every);
      const target = { integrated, truePeak: -1.5 };
      const result = normalizeLoudness(samples, RATE, target);
      expect(result.limited, `${every}`).toBeDefined();
      const measured = integratedLoudness(result.samples, RATE);
      expect(Math.abs(measured - target.integrated), `bursts every ${every}, ${integrated} LUFS: ${measured} LUFS`).toBeLessThanOrEqual(0.1 + 1e-9);
      expect(Math.abs(result.loudness.integratedLufs - measured)).toBeLessThan(1e-6);
      expect(truePeak(result.samples, RATE)).toBeLessThanOrEqual(target.truePeak);
      // Replaying the levels found (a cached analysis) gives the very same samples.
      const replayed = normalizeLoudness(samples, RATE, target, { lufs: integratedLoudness(samples, RATE), samplePeak: 1, truePeakDbtp: 0, limited: result.limited! });
      expect(replayed.samples).toEqual(result.samples);
    }
  });

  it('rounds to Int16 half away from zero and clamps', () => {
    const floats = Float32Array.from([0, 0.5 / 32768, -0.5 / 32768, 1.49 / 32768, -1.51 / 32768, 1, -1, 2, -2, 32767.5 / 32768]);
    expect(Array.from(int16Of(floats))).toEqual([0, 1, -1, 1, -2, 32767, -32768, 32767, -32768, 32767]);
  });
});
