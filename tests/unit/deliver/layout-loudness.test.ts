/**
 * A lesson track metered from its pieces (deliver/layout-loudness.ts) reads what metering the joined
 * track reads: within 0.001 LU of our meter on the joined samples and 0.05 LU of the `ebur128-wasm`
 * package, for clips padded with silence placed anywhere against the 100 ms step grid, a clip played
 * at several places, at the engines' rates.
 */
import { describe, expect, it } from 'vitest';
import { integratedLoudnessOfLayout, type PlacedClips } from '../../../electron/main/core/deliver/layout-loudness';
import { joinedSamples } from '../../../electron/main/core/deliver/track-render';
import { integratedLoudness, integratedLoudnessByPackage } from '../../../electron/main/core/deliver/loudness-meter';
import { padded, speechLike } from '../../support/synthetic-speech';

/** Clips of different levels and lengths, each at 1-3 places, separated by pauses of odd lengths. */
function track(rate: number, seed: number): PlacedClips {
  const clips = new Map<string, Float32Array>();
  const placed: Array<{ key: string; at: number }> = [];
  let at = Math.round(rate * 0.013 * seed);
  for (let phrase = 0; phrase < 6; phrase++) {
    const key = `p${phrase}`;
    clips.set(key, padded(speechLike(rate, 0.6 + 0.37 * ((phrase * seed) % 5), 0.2 + 0.15 * (phrase % 3), phrase + seed), rate, 0.1, 0.25));
    for (let repeat = 0; repeat <= phrase % 3; repeat++) {
      placed.push({ key, at });
      at += clips.get(key)!.length + Math.round(rate * (0.5 + 0.731 * ((phrase + repeat + seed) % 4)));
    }
  }
  return { length: at, placed, clips };
}

describe('integratedLoudnessOfLayout', () => {
  for (const rate of [16_000, 22_050, 24_000, 48_000]) {
    it(`reads what the joined track reads at ${rate} Hz`, () => {
      for (const seed of [1, 2, 3]) {
        const layout = track(rate, seed);
        const whole = joinedSamples(layout);
        const ours = integratedLoudnessOfLayout(layout, rate);
        expect(Number.isFinite(ours)).toBe(true);
        expect(Math.abs(ours - integratedLoudness(whole, rate))).toBeLessThan(0.001);
        expect(Math.abs(ours - integratedLoudnessByPackage(whole, rate))).toBeLessThan(0.05);
      }
    });
  }

  it('counts a clip once per place it plays', () => {
    const rate = 22_050;
    const clip = padded(speechLike(rate, 1.2, 0.3, 4), rate, 0.1, 0.25);
    const once: PlacedClips = { length: clip.length + rate * 3, placed: [{ key: 'a', at: rate }], clips: new Map([['a', clip]]) };
    const loud = padded(speechLike(rate, 1.2, 0.6, 5), rate, 0.1, 0.25);
    // A louder clip beside it: twice the quiet one moves the mean toward it, as the joined signal shows.
    const twice: PlacedClips = {
      length: 4 * rate + 2 * clip.length + loud.length,
      placed: [
        { key: 'a', at: rate },
        { key: 'b', at: 2 * rate + clip.length },
        { key: 'a', at: 3 * rate + clip.length + loud.length },
      ],
      clips: new Map([
        ['a', clip],
        ['b', loud],
      ]),
    };
    expect(Math.abs(integratedLoudnessOfLayout(once, rate) - integratedLoudness(joinedSamples(once), rate))).toBeLessThan(0.001);
    expect(Math.abs(integratedLoudnessOfLayout(twice, rate) - integratedLoudness(joinedSamples(twice), rate))).toBeLessThan(0.001);
  });

  it('is -Infinity for a track of silence and refuses a placement of an unknown clip', () => {
    expect(integratedLoudnessOfLayout({ length: 22_050 * 2, placed: [{ key: 'z', at: 100 }], clips: new Map([['z', new Float32Array(5_000)]]) }, 22_050)).toBe(-Infinity);
    expect(() => integratedLoudnessOfLayout({ length: 10_000, placed: [{ key: 'q', at: 0 }], clips: new Map() }, 22_050)).toThrow(/no clip "q"/);
  });
});
