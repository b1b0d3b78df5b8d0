import { analyzeClip, framedClip, type ClipAnalysis } from './clip-analysis';
import { limitPeaks } from './limiter';
import { floatsOf, integratedLoudness, truePeak, type Loudness } from './loudness-meter';
import { NEAR_SILENT_LUFS } from './qa';

/**
 * What a delivered file's audio goes through between master and encoder (course `output.loudness` and
 * `output.silence`): leading and trailing silence trimmed, silence padded to exact lengths, then the
 * padded clip normalized as a whole to the target under the true-peak ceiling. Deterministic, local,
 * no engine call. The measurements it needs come from a ClipAnalysis, measured once per master.
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

export { speechRange } from './clip-analysis';

export interface ShapedAudio {
  readonly samples: Float32Array;
  /** Integrated loudness (LUFS) of the trimmed and padded master, before any gain. */
  readonly sourceLufs: number;
  /** Loudness of the delivered samples. */
  readonly delivered: Loudness;
  /** Duration of the speech between trimmed silences, in ms (what QA compares with the text). */
  readonly speechMs: number;
  /** The master's measurements this shaping used (given, or measured now): for the caller to cache. */
  readonly analysis: ClipAnalysis;
}

/** What is already known about the samples to normalize (a ClipAnalysis). */
export interface KnownLevels {
  readonly lufs: number;
  readonly samplePeak: number;
  readonly truePeakDbtp: number;
}

/**
 * Gain that brings the samples to the target loudness, peaks limited under the ceiling. Gain is linear,
 * so with the samples' levels known and the limiter idle, the result is exact without measuring
 * anything; when the limiter acts, the gain is corrected from a new measurement (limiting speech peaks
 * moves loudness by tenths of a LU). Near silence is never amplified into noise.
 */
export function normalizeLoudness(samples: Float32Array, sampleRate: number, target: LoudnessTarget, known?: KnownLevels): { samples: Float32Array; loudness: Loudness } {
  const before = known?.lufs ?? integratedLoudness(samples, sampleRate);
  const peakBefore = (): number => known?.truePeakDbtp ?? truePeak(samples, sampleRate);
  if (!(before >= NEAR_SILENT_LUFS)) return { samples, loudness: { integratedLufs: before, truePeakDbtp: peakBefore() } };
  // The sample ceiling sits 0.5 dB under the true-peak ceiling: the inter-sample overshoot of speech
  // at 22-24 kHz is well under that; a final trim below catches the rest.
  const ceiling = 10 ** ((target.truePeak - 0.5) / 20);
  let gainDb = target.integrated - before;
  let current: Float32Array;
  let integrated = before;
  let peak: number;
  if (known && known.samplePeak * 10 ** (gainDb / 20) <= ceiling) {
    // The limiter would not act: plain gain, every level known.
    current = scaledBy(samples, gainDb);
    integrated = target.integrated;
    peak = known.truePeakDbtp + gainDb;
  } else {
    current = samples;
    let limited = false;
    for (let pass = 0; pass < 4; pass++) {
      const scaled = scaledBy(samples, gainDb);
      current = limitPeaks(scaled, ceiling, sampleRate);
      if (current === scaled) {
        integrated = before + gainDb;
        break;
      }
      limited = true;
      integrated = integratedLoudness(current, sampleRate);
      if (Math.abs(integrated - target.integrated) <= 0.2) break;
      gainDb += target.integrated - integrated;
    }
    peak = limited || !known ? truePeak(current, sampleRate) : known.truePeakDbtp + gainDb;
  }
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
 * With `analysis` (this master, framed by these silence settings) nothing is measured again.
 */
export function shapeAudio(pcm: Int16Array, sampleRate: number, settings: ShapingSettings, analysis?: ClipAnalysis): ShapedAudio {
  const all = floatsOf(pcm);
  let framed: Float32Array;
  if (analysis) framed = framedClip(all, sampleRate, settings.silence, analysis);
  else ({ analysis, framed } = analyzeClip(all, sampleRate, settings.silence));
  const levels = { lufs: analysis.lufs, samplePeak: analysis.samplePeak, truePeakDbtp: analysis.truePeakDbtp };
  const normalized = settings.loudness
    ? normalizeLoudness(framed, sampleRate, settings.loudness, levels)
    : { samples: framed, loudness: { integratedLufs: analysis.lufs, truePeakDbtp: analysis.truePeakDbtp } };
  return {
    samples: normalized.samples,
    sourceLufs: analysis.lufs,
    delivered: normalized.loudness,
    speechMs: ((analysis.end - analysis.start) / sampleRate) * 1000,
    analysis,
  };
}

/** Floats back to Int16 PCM (rounded, clamped). */
export function int16Of(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    let value = samples[i]! * 32768;
    value = value < -32768 ? -32768 : value > 32767 ? 32767 : value;
    // Int16Array stores the value truncated toward zero: +-0.5 first rounds half away from zero.
    out[i] = value < 0 ? value - 0.5 : value + 0.5;
  }
  return out;
}
