/**
 * Measuring once per master: shaping from a cached analysis gives the very samples a fresh measurement
 * gives; the cache trusts an entry only for the master it measured; a lesson track is metered without
 * its long silences and gets the same BS.1770 loudness as metered whole.
 */
import { describe, expect, it } from 'vitest';
import { AnalysisCache } from '../../../electron/main/core/deliver/analysis-cache';
import { analyzeClip } from '../../../electron/main/core/deliver/clip-analysis';
import { shapingOf } from '../../../electron/main/core/deliver/course-shaping';
import { integratedLoudness, integratedLoudnessOfSparse, truePeak, truePeakByPackage } from '../../../electron/main/core/deliver/loudness-meter';
import { shapeAudio } from '../../../electron/main/core/deliver/shaping';
import type { MasterEntry } from '../../../electron/main/core/run/master-store';
import { useTempFolder } from '../../support/temp-folder';

const RATE = 22_050;
const temp = useTempFolder('cas-analysis-');

/** Speech-like floats: syllables of a vowel-ish tone, with occasional sharp peaks. */
function speech(seconds: number, level: number, seed = 1): Float32Array {
  const out = new Float32Array(Math.round(RATE * seconds));
  for (let i = 0; i < out.length; i++) {
    const t = i / RATE;
    const syllable = Math.max(0, Math.sin(Math.PI * (4 + seed) * t));
    const voice = 0.6 * Math.sin(2 * Math.PI * (150 + 30 * seed) * t) + 0.3 * Math.sin(2 * Math.PI * 720 * t);
    out[i] = Math.max(-1, Math.min(1, voice * syllable * level * (i % 4_000 === 100 ? 3 : 1)));
  }
  return out;
}

function pcmOf(samples: Float32Array, silenceSeconds = 0.4): Int16Array {
  const silence = Math.round(RATE * silenceSeconds);
  const pcm = new Int16Array(samples.length + 2 * silence);
  for (let i = 0; i < samples.length; i++) pcm[silence + i] = Math.round(samples[i]! * 32_000);
  return pcm;
}

const entry = (key: string, sha256: string): MasterEntry => ({ key, sha256, bytes: 1, mtimeMs: 1, sampleRate: RATE, durationMs: 1, at: '' });

describe('a master measured once', () => {
  it('shapes from a cached analysis to the same samples and levels as from a fresh measurement, for any target', () => {
    for (const level of [0.02, 0.3, 0.9]) {
      const pcm = pcmOf(speech(1.5, level));
      for (const shaping of [shapingOf({}), shapingOf({ output: { loudness: { integrated: -23, truePeak: -3 } } }), shapingOf({ output: { silence: false } })]) {
        const fresh = shapeAudio(pcm, RATE, shaping);
        const cached = shapeAudio(pcm, RATE, shaping, fresh.analysis);
        expect(cached.samples).toEqual(fresh.samples);
        expect(cached.delivered).toEqual(fresh.delivered);
      }
    }
  });

  it('trusts an entry only for the master (hash) it measured, keeps -Infinity for silence, and prunes masters that are gone', async () => {
    const silence = shapingOf({}).silence;
    const cache = await AnalysisCache.open(temp.dir);
    const { analysis } = analyzeClip(new Float32Array(RATE), RATE, silence);
    expect(analysis.lufs).toBe(-Infinity);
    cache.set(entry('aa11', 'h1'), silence, analysis);
    cache.set(entry('bb22', 'h2'), silence, analyzeClip(speech(1, 0.3), RATE, silence).analysis);
    await cache.save((key) => key === 'aa11');

    const reopened = await AnalysisCache.open(temp.dir);
    expect(reopened.size).toBe(1);
    expect(reopened.get(entry('aa11', 'h1'), silence)).toEqual(analysis);
    expect(reopened.get(entry('aa11', 'other-hash'), silence)).toBeUndefined(); // synthesized again: measured again
    expect(reopened.get(entry('aa11', 'h1'), { leadMs: 0, tailMs: 0 })).toBeUndefined(); // framed otherwise
    expect(reopened.get(entry('bb22', 'h2'), silence)).toBeUndefined();
  });

  it('reads the same true peak as the ebur128 package, for quiet, hot and clipped speech and a tone peaking between samples', () => {
    // A tone at a quarter of the rate, sampled 45 degrees off its crests: every sample is 3 dB under its peak.
    const between = new Float32Array(RATE).map((_, i) => 0.8 * Math.sin((Math.PI / 2) * i + Math.PI / 4));
    for (const samples of [speech(1.3, 0.05), speech(0.8, 0.6, 2), speech(2, 1.4, 3).map((v) => Math.max(-1, Math.min(1, v))), between, new Float32Array(100)]) {
      const ours = truePeak(samples, RATE);
      const reference = truePeakByPackage(samples, RATE);
      if (reference === -Infinity) expect(ours).toBe(-Infinity);
      else expect(Math.abs(ours - reference)).toBeLessThan(0.001);
    }
    // Inter-sample peaks are found: the tone reads about 3 dB over its samples (0.8 = -1.9 dBTP).
    expect(Math.abs(truePeak(between, RATE) - 20 * Math.log10(0.8))).toBeLessThan(0.3);
    expect(20 * Math.log10(Math.max(...between.map(Math.abs)))).toBeLessThan(20 * Math.log10(0.8) - 2.5);
  });

  it('meters a track with long pauses as a whole meter does, without the pauses', () => {
    const parts: Float32Array[] = [];
    for (let phrase = 0; phrase < 6; phrase++) {
      parts.push(speech(0.6 + phrase * 0.37, 0.1 + phrase * 0.05, phrase), new Float32Array(Math.round(RATE * (0.35 + phrase * 1.13))));
    }
    const track = new Float32Array(parts.reduce((sum, part) => sum + part.length, 0));
    let at = 0;
    for (const part of parts) {
      track.set(part, at);
      at += part.length;
    }
    const whole = integratedLoudness(track, RATE);
    expect(Number.isFinite(whole)).toBe(true);
    expect(Math.abs(integratedLoudnessOfSparse(track, RATE) - whole)).toBeLessThan(0.01);
  });
});
