import { limitPeaks } from './limiter';
import { floatsOf, integratedLoudness, truePeak, type Loudness } from './loudness-meter';
import { NEAR_SILENT_LUFS } from './qa';

/**
 * What a delivered file's audio goes through between master and encoder (course `output.loudness` and
 * `output.silence`): leading and trailing silence trimmed, loudness normalized to the target under the
 * true-peak ceiling, then silence padded back to exact lengths. Deterministic, local, no engine call.
 */
export interface LoudnessTarget {
  /** Integrated loudness in LUFS. */
  readonly integrated: number;
  /** True-peak ceiling in dBTP. */
  readonly truePeak: number;
}

export interface SilencePadding {
  readonly leadMs: number;
  readonly tailMs: number;
}

export interface ShapingSettings {
  /** `false`: keep the master's level. */
  readonly loudness: LoudnessTarget | false;
  /** `false`: keep the master's own leading and trailing silence. */
  readonly silence: SilencePadding | false;
}

export const DEFAULT_LOUDNESS: LoudnessTarget = { integrated: -18, truePeak: -1.5 };
export const DEFAULT_SILENCE: SilencePadding = { leadMs: 100, tailMs: 250 };
export const DEFAULT_SHAPING: ShapingSettings = { loudness: DEFAULT_LOUDNESS, silence: DEFAULT_SILENCE };

export interface ShapedAudio {
  readonly samples: Float32Array;
  /** Integrated loudness (LUFS) of the trimmed and padded master, before any gain. */
  readonly sourceLufs: number;
  /** Loudness of the delivered samples. */
  readonly delivered: Loudness;
  /** Duration of the speech between trimmed silences, in ms (what QA compares with the text). */
  readonly speechMs: number;
}

/** Below this a 10 ms frame counts as silence (about -54 dBFS RMS: eSpeak and Azure noise floors are far lower). */
const SILENCE_RMS = 0.002;
const FRAME_MS = 10;
/** Kept either side of the speech so soft onsets and releases are not clipped. */
const KEEP_MS = 20;

/** Index range [start, end) of `samples` without leading and trailing silence (empty for silence). */
export function speechRange(samples: Float32Array, sampleRate: number): { start: number; end: number } {
  const frame = Math.max(1, Math.round((sampleRate * FRAME_MS) / 1000));
  const loud = (from: number): boolean => {
    let energy = 0;
    const to = Math.min(samples.length, from + frame);
    for (let i = from; i < to; i++) energy += samples[i]! * samples[i]!;
    return Math.sqrt(energy / Math.max(1, to - from)) >= SILENCE_RMS;
  };
  let first = -1;
  for (let at = 0; at < samples.length; at += frame)
    if (loud(at)) {
      first = at;
      break;
    }
  if (first < 0) return { start: 0, end: 0 };
  let last = first;
  for (let at = Math.floor((samples.length - 1) / frame) * frame; at >= first; at -= frame)
    if (loud(at)) {
      last = at;
      break;
    }
  const keep = Math.round((sampleRate * KEEP_MS) / 1000);
  return { start: Math.max(0, first - keep), end: Math.min(samples.length, last + frame + keep) };
}

/**
 * Gain that brings the samples to the target loudness, peaks limited under the ceiling. Gain is linear,
 * so unless the limiter acted the result is exact without measuring again; when it did, the gain is
 * corrected from a new measurement (limiting speech peaks moves loudness by tenths of a LU). Near
 * silence is never amplified into noise. `measuredLufs`: the samples' loudness, when already known.
 */
export function normalizeLoudness(samples: Float32Array, sampleRate: number, target: LoudnessTarget, measuredLufs?: number): { samples: Float32Array; loudness: Loudness } {
  const before = measuredLufs ?? integratedLoudness(samples, sampleRate);
  if (!(before >= NEAR_SILENT_LUFS)) return { samples, loudness: { integratedLufs: before, truePeakDbtp: truePeak(samples, sampleRate) } };
  // The sample ceiling sits 0.5 dB under the true-peak ceiling: the inter-sample overshoot of speech
  // at 22-24 kHz is well under that; a final trim below catches the rest.
  const ceiling = 10 ** ((target.truePeak - 0.5) / 20);
  let gainDb = target.integrated - before;
  let current = samples;
  let integrated = before;
  for (let pass = 0; pass < 4; pass++) {
    const scaled = scaledBy(samples, gainDb);
    current = limitPeaks(scaled, ceiling, sampleRate);
    if (current === scaled) {
      integrated = before + gainDb;
      break;
    }
    integrated = integratedLoudness(current, sampleRate);
    if (Math.abs(integrated - target.integrated) <= 0.2) break;
    gainDb += target.integrated - integrated;
  }
  let peak = truePeak(current, sampleRate);
  if (peak > target.truePeak) {
    const trimDb = target.truePeak - 0.05 - peak;
    current = scaledBy(current, trimDb);
    peak += trimDb;
    integrated += trimDb;
  }
  return { samples: current, loudness: { integratedLufs: integrated, truePeakDbtp: peak } };
}

function scaledBy(samples: Float32Array, gainDb: number): Float32Array {
  const gain = 10 ** (gainDb / 20);
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = samples[i]! * gain;
  return out;
}

/**
 * Trims and pads one master's samples, then normalizes the result as a whole: the delivered file is
 * what players (and meters) measure, and on a short clip the padding counts in its integrated loudness.
 */
export function shapeAudio(pcm: Int16Array, sampleRate: number, settings: ShapingSettings): ShapedAudio {
  const all = floatsOf(pcm);
  const range = speechRange(all, sampleRate);
  let framed = all;
  if (settings.silence) {
    const lead = Math.round((sampleRate * settings.silence.leadMs) / 1000);
    const tail = Math.round((sampleRate * settings.silence.tailMs) / 1000);
    framed = new Float32Array(lead + (range.end - range.start) + tail);
    framed.set(all.subarray(range.start, range.end), lead);
  }
  const sourceLufs = integratedLoudness(framed, sampleRate);
  const normalized = settings.loudness
    ? normalizeLoudness(framed, sampleRate, settings.loudness, sourceLufs)
    : { samples: framed, loudness: { integratedLufs: sourceLufs, truePeakDbtp: truePeak(framed, sampleRate) } };
  return { samples: normalized.samples, sourceLufs, delivered: normalized.loudness, speechMs: ((range.end - range.start) / sampleRate) * 1000 };
}

/** Floats back to Int16 PCM (rounded, clamped). */
export function int16Of(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round(samples[i]! * 32768)));
  return out;
}
