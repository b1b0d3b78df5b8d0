/**
 * Our BS.1770 integrated-loudness meter (deliver/bs1770-meter.ts, behind loudness-meter.ts's
 * `integratedLoudness`) reads what the `ebur128-wasm` package reads, within 0.05 LU, at every rate an
 * engine or a delivery uses, on speech-like and synthetic signals, short clips (tiled), sparse tracks
 * (long digital silences, which our meter skips) and silence.
 */
import { describe, expect, it } from 'vitest';
import { kWeightedStepEnergies } from '../../../electron/main/core/deliver/bs1770-meter';
import { integratedLoudness, integratedLoudnessByPackage } from '../../../electron/main/core/deliver/loudness-meter';
import { speechLike as speech } from '../../support/synthetic-speech';

const RATES = [16_000, 22_050, 24_000, 44_100, 48_000];

/** `parts` joined with `gapSeconds` of digital silence between them (a lesson track). */
function sparse(rate: number, parts: Float32Array[], gapSeconds: number[]): Float32Array {
  const gaps = gapSeconds.map((seconds) => Math.round(rate * seconds));
  const out = new Float32Array(parts.reduce((sum, part) => sum + part.length, 0) + gaps.reduce((sum, gap) => sum + gap, 0));
  let at = 0;
  parts.forEach((part, index) => {
    out.set(part, at);
    at += part.length + (gaps[index] ?? 0);
  });
  return out;
}

function signals(rate: number): Array<[string, Float32Array]> {
  return [
    ['speech', speech(rate, 2.3, 0.3)],
    ['quiet speech', speech(rate, 1.1, 0.01, 2)],
    ['hot speech', speech(rate, 4.7, 1.2, 3)],
    ['short clip (tiled)', speech(rate, 0.23, 0.4, 4)],
    ['sparse track', sparse(rate, [speech(rate, 0.9, 0.3), speech(rate, 1.4, 0.6, 2), speech(rate, 0.5, 0.05, 3)], [3.7, 0.35, 0])],
    ['1 kHz tone', new Float32Array(rate).map((_, i) => 0.5 * Math.sin((2 * Math.PI * 1000 * i) / rate))],
    ['50 Hz hum', new Float32Array(2 * rate).map((_, i) => 0.7 * Math.sin((2 * Math.PI * 50 * i) / rate))],
    ['10 kHz tone', new Float32Array(rate).map((_, i) => 0.2 * Math.sin((2 * Math.PI * Math.min(10_000, rate * 0.45) * i) / rate))],
    ['a burst then a long gate-failing fade', sparse(rate, [speech(rate, 0.6, 0.8), speech(rate, 6, 0.0005, 5)], [0.2])],
  ];
}

describe('our BS.1770 meter', () => {
  for (const rate of RATES) {
    it(`reads what ebur128-wasm reads at ${rate} Hz (within 0.05 LU)`, () => {
      for (const [name, samples] of signals(rate)) {
        const ours = integratedLoudness(samples, rate);
        const reference = integratedLoudnessByPackage(samples, rate);
        expect(Number.isFinite(reference), `${name}: the reference measured something`).toBe(true);
        expect(Math.abs(ours - reference), `${name}: ours ${ours} vs package ${reference}`).toBeLessThan(0.05);
      }
    });
  }

  it('reads -Infinity for silence and for signals under the absolute gate, as the package does', () => {
    for (const samples of [new Float32Array(22_050 * 2), new Float32Array(22_050).fill(0.00001), new Float32Array(10)]) {
      expect(integratedLoudness(samples, 22_050)).toBe(-Infinity);
      expect(integratedLoudnessByPackage(samples, 22_050)).toBe(-Infinity);
    }
  });

  it('skips digital silence only once the filter has settled: the step after a sound keeps its ringing', () => {
    const rate = 22_050;
    const step = Math.floor((rate + 5) / 10);
    // A loud low tone stopped dead at a step boundary: the next step is zeros, but the high-pass filter rings into it.
    const samples = new Float32Array(step * 6);
    for (let i = 0; i < step * 2; i++) samples[i] = 0.9 * Math.sin((2 * Math.PI * 60 * i) / rate);
    const { energies, stepLength } = kWeightedStepEnergies(samples, rate);
    expect(stepLength).toBe(step);
    expect(energies.length).toBe(6);
    expect(energies[2]).toBeGreaterThan(0);
    expect(energies[5]).toBe(0);
  });
});
