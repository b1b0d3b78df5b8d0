import { describe, expect, it } from 'vitest';
import { resamplePcm } from '../../../electron/main/core/output/resample';

/** One second of a sine at `hz`, amplitude 0.5 of full scale. */
function sine(hz: number, rate: number, seconds = 1): Int16Array {
  return Int16Array.from({ length: Math.round(rate * seconds) }, (_, i) => Math.round(16_384 * Math.sin((2 * Math.PI * hz * i) / rate)));
}

/** Upward zero crossings per second: the frequency, measured on the samples alone. */
function frequencyOf(pcm: Int16Array, rate: number): number {
  let crossings = 0;
  for (let i = 1; i < pcm.length; i++) if (pcm[i - 1]! < 0 && pcm[i]! >= 0) crossings++;
  return crossings / (pcm.length / rate);
}

describe('resamplePcm', () => {
  it.each([
    [22_050, 48_000],
    [24_000, 16_000],
    [22_050, 44_100],
  ])('%i Hz -> %i Hz keeps the length in time, the pitch and the level', async (from, to) => {
    const input = sine(440, from);
    const output = await resamplePcm(input, from, to);
    expect(Math.abs(output.length - to)).toBeLessThanOrEqual(2);
    expect(frequencyOf(output, to)).toBeCloseTo(440, -1);
    const middle = output.subarray(Math.floor(to * 0.1), Math.floor(to * 0.9)); // away from the filter's edges
    const peak = middle.reduce((max, sample) => Math.max(max, Math.abs(sample)), 0);
    expect(peak / 16_384).toBeGreaterThan(0.97);
    expect(peak / 16_384).toBeLessThan(1.03);
  });

  it('removes what the lower rate cannot carry (a 10 kHz tone taken down to 16 kHz)', async () => {
    const output = await resamplePcm(sine(10_000, 48_000), 48_000, 16_000);
    const middle = output.subarray(1600, 14_400);
    const peak = middle.reduce((max, sample) => Math.max(max, Math.abs(sample)), 0);
    expect(peak).toBeLessThan(16_384 * 0.05); // not folded back as a 6 kHz alias
  });

  it('returns the samples as they are when the rates match, and refuses a rate of 0', async () => {
    const input = sine(440, 22_050, 0.1);
    expect(await resamplePcm(input, 22_050, 22_050)).toBe(input);
    await expect(resamplePcm(input, 22_050, 0)).rejects.toThrow(/invalid sample rate 0/);
  });
});
