import { analyzePcm, framedClipOfPcm, targetKey, type ClipAnalysis, type LimitedLevels } from './clip-analysis';
import { limitPeaksScaled, scaled } from './limiter';
import type { HeardTimeline } from '../output/mp3-timeline';
import { integratedLoudness, truePeak, type Loudness } from './loudness-meter';
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

/**
 * How far from the target a limited clip may land before its gain is corrected by another pass (each
 * pass is a limiter run and a measurement, both cheap). Limiting speech peaks costs a few tenths of a
 * LU, so the first pass lands short and the second usually within this. It was 0.5 LU: clips landed
 * anywhere from -18.5 to -18 LUFS depending on tiny differences between two syntheses of the same text
 * (eSpeak's output depends on what the worker rendered before), and LAME's MP3 reads another ~0.5 LU
 * lower than the PCM it encodes (ffmpeg's ebur128 on the MP3 against the WAV of the same samples),
 * which left the acceptance (1 LU by ffmpeg) a 0.1 LU margin: the flaky -19.1 LUFS of p002_target.mp3.
 */
const LIMITED_TOLERANCE_LU = 0.1;
/** Passes before giving up on the tolerance (the closest pass is kept; in practice 2-3 suffice). */
const LIMITER_PASSES = 6;

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
  /** How this target was reached before, when the limiter had to act. */
  readonly limited?: LimitedLevels;
}

/**
 * Gain that brings the samples to the target loudness, peaks limited under the ceiling. Gain is linear,
 * so with the samples' levels known and the limiter idle, the result is exact without measuring
 * anything; when the limiter acts, the gain is corrected from a new measurement (limiting speech peaks
 * moves loudness by tenths of a LU). Near silence is never amplified into noise.
 */
export function normalizeLoudness(
  samples: Float32Array,
  sampleRate: number,
  target: LoudnessTarget,
  known?: KnownLevels,
): { samples: Float32Array; loudness: Loudness; limited?: LimitedLevels } {
  const before = known?.lufs ?? integratedLoudness(samples, sampleRate);
  const peakBefore = (): number => known?.truePeakDbtp ?? truePeak(samples, sampleRate);
  if (!(before >= NEAR_SILENT_LUFS)) return { samples, loudness: { integratedLufs: before, truePeakDbtp: peakBefore() } };
  // The sample ceiling sits 0.5 dB under the true-peak ceiling: the inter-sample overshoot of speech
  // at 22-24 kHz is well under that; a final trim below catches the rest.
  const ceiling = 10 ** ((target.truePeak - 0.5) / 20);
  if (known?.limited) {
    // The same steps as the first time, with the gain and trim found then: the same samples, known levels.
    const { gainDb, trimDb, integratedLufs, truePeakDbtp } = known.limited;
    const limited = limitPeaksScaled(samples, gainOf(gainDb), ceiling, sampleRate).samples;
    return { samples: trimDb ? trimmed(limited, samples, trimDb) : limited, loudness: { integratedLufs, truePeakDbtp }, limited: known.limited };
  }
  const gainDb = target.integrated - before;
  if (known && known.samplePeak * gainOf(gainDb) <= ceiling) {
    // The limiter would not act: plain gain, every level known.
    return finished(scaled(samples, gainOf(gainDb)), samples, target, { gainDb, integrated: target.integrated, peak: known.truePeakDbtp + gainDb, limited: false });
  }
  // Gain and limiter fused (limiter.ts). A limited signal is measured (loudness, and true peak for the
  // final trim, which lowers loudness too), and its gain corrected until the trimmed result lands within
  // LIMITED_TOLERANCE_LU of the target; the closest pass is kept if none does (a target the ceiling
  // cannot reach).
  let best: Pass | undefined;
  let pass: Pass = { samples, gainDb, integrated: before, peak: -Infinity, limited: false };
  for (let round = 0; round < LIMITER_PASSES; round++) {
    const result = limitPeaksScaled(samples, gainOf(pass.gainDb), ceiling, sampleRate);
    if (!result.limited) {
      // Plain gain after all (a later pass lowered it): exact by linearity.
      const peak = known && round === 0 ? known.truePeakDbtp + pass.gainDb : truePeak(result.samples, sampleRate);
      pass = { samples: result.samples, gainDb: pass.gainDb, integrated: before + pass.gainDb, peak, limited: round > 0 };
      best = undefined;
      break;
    }
    pass = { samples: result.samples, gainDb: pass.gainDb, integrated: integratedLoudness(result.samples, sampleRate), peak: truePeak(result.samples, sampleRate), limited: true };
    const landed = pass.integrated + trimOf(pass.peak, target);
    if (!best || Math.abs(landed - target.integrated) < Math.abs(best.integrated + trimOf(best.peak, target) - target.integrated)) best = pass;
    if (Math.abs(landed - target.integrated) <= LIMITED_TOLERANCE_LU) break;
    pass = { ...pass, gainDb: pass.gainDb + target.integrated - landed };
  }
  return finished(best?.samples ?? pass.samples, samples, target, best ?? pass);
}

/** One gain tried: the signal it gave, its measured levels, whether the limiter acted (now or in an earlier pass). */
interface Pass {
  readonly samples: Float32Array;
  readonly gainDb: number;
  readonly integrated: number;
  readonly peak: number;
  readonly limited: boolean;
}

/** The trim (dB, <= 0) that brings a true peak under the ceiling with 0.05 dB to spare. */
const trimOf = (peak: number, target: LoudnessTarget): number => (peak > target.truePeak ? target.truePeak - 0.05 - peak : 0);

/** The pass's samples trimmed under the true-peak ceiling, with the levels they end at. */
function finished(
  current: Float32Array,
  input: Float32Array,
  target: LoudnessTarget,
  pass: Omit<Pass, 'samples'>,
): { samples: Float32Array; loudness: Loudness; limited?: LimitedLevels } {
  const trimDb = trimOf(pass.peak, target);
  const samples = trimDb ? trimmed(current, input, trimDb) : current;
  const loudness = { integratedLufs: pass.integrated + trimDb, truePeakDbtp: pass.peak + trimDb };
  return { samples, loudness, ...(pass.limited ? { limited: { gainDb: pass.gainDb, trimDb, ...loudness } } : {}) };
}

const gainOf = (db: number): number => 10 ** (db / 20);

/** `current` scaled by `trimDb`, in place unless it is still the caller's `input`. */
function trimmed(current: Float32Array, input: Float32Array, trimDb: number): Float32Array {
  const gain = gainOf(trimDb);
  if (current === input) return scaled(input, gain);
  for (let i = 0; i < current.length; i++) current[i] = current[i]! * gain;
  return current;
}

/**
 * Trims and pads one master's samples, then normalizes the result as a whole: the delivered file is
 * what players (and meters) measure, and on a short clip the padding counts in its integrated loudness.
 * With `analysis` (this master, framed by these silence settings) nothing is measured again.
 * `heardAs`: the silence the delivered file will play around these samples (an MP3's codec delays,
 * output/mp3-timeline.ts); the loudness target then applies to the clip as heard, and `delivered`
 * reports that (one more measurement of the clip).
 */
export function shapeAudio(pcm: Int16Array, sampleRate: number, settings: ShapingSettings, analysis?: ClipAnalysis, heardAs?: (samples: number) => HeardTimeline): ShapedAudio {
  // Framed straight from the Int16 master: only the delivered range is ever converted to floats.
  let framed: Float32Array;
  if (analysis) framed = framedClipOfPcm(pcm, sampleRate, settings.silence, analysis);
  else ({ analysis, framed } = analyzePcm(pcm, sampleRate, settings.silence));
  // Heard inside a codec's silence (an MP3's delays), the clip reads `heardOffsetDb` differently: the target is for that.
  const heardOffsetDb = settings.loudness && heardAs ? heardOffset(framed, sampleRate, analysis.lufs, heardAs(framed.length)) : 0;
  const loudness = settings.loudness && { ...settings.loudness, integrated: settings.loudness.integrated - heardOffsetDb };
  const target = loudness ? targetKey(loudness) : undefined;
  const known = analysis.limited?.[target ?? ''];
  const levels = { lufs: analysis.lufs, samplePeak: analysis.samplePeak, truePeakDbtp: analysis.truePeakDbtp, ...(known ? { limited: known } : {}) };
  const normalized = loudness
    ? normalizeLoudness(framed, sampleRate, loudness, levels)
    : { samples: framed, loudness: { integratedLufs: analysis.lufs, truePeakDbtp: analysis.truePeakDbtp } };
  // A target reached through the limiter for the first time: remembered with the analysis.
  if (target && 'limited' in normalized && normalized.limited && !known) analysis = { ...analysis, limited: { ...analysis.limited, [target]: normalized.limited } };
  const delivered = { ...normalized.loudness, integratedLufs: normalized.loudness.integratedLufs + heardOffsetDb };
  return { samples: normalized.samples, sourceLufs: analysis.lufs, delivered, speechMs: ((analysis.end - analysis.start) / sampleRate) * 1000, analysis };
}

/**
 * How much louder (dB, rounded to 0.01 so the cached limiter levels stay keyed by a stable target) a
 * meter reads the clip with `timeline`'s silence around it than alone; 0 for near silence. Gain is
 * linear, so it holds at any gain (the limiter moves it by hundredths).
 */
function heardOffset(framed: Float32Array, sampleRate: number, lufs: number, timeline: HeardTimeline): number {
  if (!(lufs >= NEAR_SILENT_LUFS)) return 0;
  const heard = new Float32Array(timeline.leadSamples + framed.length + timeline.tailSamples);
  heard.set(framed, timeline.leadSamples);
  const heardLufs = integratedLoudness(heard, sampleRate);
  return Number.isFinite(heardLufs) ? Math.round((heardLufs - lufs) * 100) / 100 : 0;
}

/** Floats back to Int16 PCM (rounded half away from zero, clamped). */
export function int16Of(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    if (samples[i] === 0) continue; // already 0: a lesson track is mostly pauses
    let value = samples[i]! * 32768;
    value = value < -32768 ? -32768 : value > 32767 ? 32767 : value;
    // `| 0` truncates toward zero: +-0.5 first rounds half away from zero; stored as an int, not a double.
    out[i] = (value < 0 ? value - 0.5 : value + 0.5) | 0;
  }
  return out;
}
