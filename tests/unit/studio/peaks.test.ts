import { describe, expect, it } from 'vitest';
import { encodeWav } from '../../../electron/main/core/output/wav';
import { PEAK_COUNT, wavPeaks } from '../../../electron/main/core/studio/peaks';

describe('wavPeaks', () => {
  it('gives ~200 peaks that follow the loudness of the PCM', () => {
    // 1 s at 22,050 Hz: silence, then a half-scale tone, then full scale.
    const rate = 22_050;
    const samples = new Int16Array(rate);
    for (let i = 0; i < rate; i++) {
      const amplitude = i < rate / 3 ? 0 : i < (2 * rate) / 3 ? 0.5 : 1;
      samples[i] = Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * amplitude * 32767);
    }
    const peaks = wavPeaks(encodeWav(samples, rate));
    expect(peaks).toHaveLength(PEAK_COUNT);
    expect(Math.max(...peaks.slice(0, 60))).toBe(0);
    expect(peaks[100]).toBeGreaterThan(0.45);
    expect(peaks[100]).toBeLessThan(0.55);
    expect(peaks[190]).toBeGreaterThan(0.95);
    expect(Math.max(...peaks)).toBeLessThanOrEqual(1);
  });

  it('gives fewer peaks than asked for a clip shorter than that, and none for an empty clip', () => {
    expect(wavPeaks(encodeWav(new Int16Array(50), 8000))).toHaveLength(50);
    expect(wavPeaks(encodeWav(new Int16Array(0), 8000))).toEqual([]);
  });

  it('rejects bytes that are not WAV', () => {
    expect(() => wavPeaks(new Uint8Array([0xff, 0xfb, 0x90, 0x00]))).toThrow(/Not a WAV/);
  });
});
