/**
 * A lesson track rendered from shaped clips reports the loudness and true peak a meter reads on the
 * track itself (the per-track shortcuts: one measurement, the peak bounded from the clips' own), in
 * both ways it reaches the target: a gain capped at the loudest clip's headroom, and the full gain
 * with only the clips it pushes over the ceiling limited.
 */
import { describe, expect, it } from 'vitest';
import type { RenderJob } from '../../../shared/model/render';
import { integratedLoudness, truePeak } from '../../../electron/main/core/deliver/loudness-meter';
import { normalizeLoudness, type ShapingSettings } from '../../../electron/main/core/deliver/shaping';
import type { TrackPlan } from '../../../electron/main/core/deliver/track-plan';
import { joinedSamples, renderTrack, type ShapedClip } from '../../../electron/main/core/deliver/track-render';

const RATE = 22_050;
const SHAPING: ShapingSettings = { loudness: { integrated: -18, truePeak: -1.5 }, silence: { leadMs: 100, tailMs: 250 } };

/** A clip as shaping delivers it: 100 ms of silence, speech-like syllables, 250 ms of silence, at `lufs`. */
function shapedClip(seconds: number, lufs: number, seed: number, crest = 1): ShapedClip {
  const lead = Math.round(RATE * 0.1);
  const speech = Math.round(RATE * seconds);
  const raw = new Float32Array(lead + speech + Math.round(RATE * 0.25));
  for (let i = 0; i < speech; i++) {
    const t = i / RATE;
    const syllable = Math.max(0, Math.sin(Math.PI * (3 + seed) * t));
    raw[lead + i] = 0.2 * syllable * (0.6 * Math.sin(2 * Math.PI * (120 + 20 * seed) * t) + 0.3 * Math.sin(2 * Math.PI * 800 * t)) * (i % 3_001 < 20 ? crest : 1);
  }
  const normalized = normalizeLoudness(raw, RATE, { integrated: lufs, truePeak: -1.5 });
  return { samples: normalized.samples, sampleRate: RATE, truePeakDbtp: normalized.loudness.truePeakDbtp };
}

const job = (key: string): RenderJob => ({ key }) as RenderJob;

function plan(keys: string[][]): TrackPlan {
  return {
    track: 'drill',
    lesson: 'L01',
    file: 'tracks/drill/L01.wav',
    title: 'L01',
    number: 1,
    total: 1,
    betweenSeconds: 2,
    key: 'k',
    phrases: keys.map(([known, target], index) => ({
      phrase: `p${index}`,
      parts: [
        { kind: 'clip', job: job(known!) },
        { kind: 'pause', seconds: 1.5 },
        { kind: 'clip', job: job(target!) },
        { kind: 'repeat-gap', times: 2 },
        { kind: 'clip', job: job(target!) },
      ],
    })),
  };
}

async function rendered(clips: Record<string, ShapedClip>, keys: string[][]) {
  const track = await renderTrack(plan(keys), async (part) => clips[part.key]!, SHAPING);
  const lengths = keys.map(([known, target]) => {
    const k = clips[known!]!.samples.length;
    const t = clips[target!]!.samples.length;
    return k + Math.round(1.5 * RATE) + t + 2 * t + t;
  });
  const expectedLength = lengths.reduce((sum, length) => sum + length, 0) + (keys.length - 1) * 2 * RATE;
  // The track as one signal, joined once, to measure it as a player hears it.
  return { track, samples: joinedSamples(track.layout), expectedLength };
}

describe('a lesson track from shaped clips', () => {
  it('with clips at the target: reports the loudness and peak measured on the track, under the ceiling', async () => {
    const clips = { k1: shapedClip(0.8, -18, 1), t1: shapedClip(1.2, -18, 2), k2: shapedClip(0.9, -18, 3), t2: shapedClip(1.4, -18, 4, 2.5) };
    const { track, samples, expectedLength } = await rendered(clips, [
      ['k1', 't1'],
      ['k2', 't2'],
    ]);
    expect(samples.length).toBe(expectedLength);
    const measured = integratedLoudness(samples, RATE);
    expect(Math.abs(measured - track.loudness.integratedLufs)).toBeLessThan(0.05);
    expect(Math.abs(measured + 18)).toBeLessThanOrEqual(0.5);
    expect(truePeak(samples, RATE)).toBeLessThanOrEqual(track.loudness.truePeakDbtp + 1e-6);
    expect(track.loudness.truePeakDbtp).toBeLessThanOrEqual(-1.5);
  });

  it('with quiet clips and a hot one: the full gain, the hot clip limited, levels as measured', async () => {
    // Clips 4 LU under the target and one with peaks near the ceiling: the gain is far above its headroom.
    const clips = { k1: shapedClip(0.8, -22, 1), t1: shapedClip(1.2, -22, 2, 4), k2: shapedClip(0.9, -22, 3), t2: shapedClip(1.4, -22, 4) };
    expect(clips.t1.truePeakDbtp).toBeGreaterThan(-5);
    const { track, samples, expectedLength } = await rendered(clips, [
      ['k1', 't1'],
      ['k2', 't2'],
    ]);
    expect(samples.length).toBe(expectedLength);
    const measured = integratedLoudness(samples, RATE);
    expect(Math.abs(measured - track.loudness.integratedLufs)).toBeLessThan(0.05);
    expect(Math.abs(measured + 18)).toBeLessThanOrEqual(1);
    const peak = truePeak(samples, RATE);
    expect(peak).toBeLessThanOrEqual(-1.5);
    expect(Math.abs(peak - track.loudness.truePeakDbtp)).toBeLessThan(0.05);
  });
});
