import { analyzePcm, framedPcmOf, targetKey, type ClipAnalysis, type LimitedLevels } from './clip-analysis';
import { limitPeaksScaled, scaled } from './limiter';
import type { HeardTimeline } from '../output/mp3-timeline';
import { integratedLoudness, truePeak, type Loudness } from './loudness-meter';
import { NEAR_SILENT_LUFS } from './qa';
import { floatsOfFramed, framedScratch, lengthOf, limiterScratch, shapedFloats, type FramedPcm, type ShapedSamples } from './shaped-samples';

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
  const { shaped, ...levels } = planLoudness(samples, sampleRate, target, known);
  return { samples: shapedFloats(shaped), ...levels };
}

/**
 * `normalizeLoudness` without applying the gain: the gains found (shaped-samples.ts applies them, into
 * floats or straight into Int16). `input` is what the gain applies to: the framed floats, or with every
 * level known, the master's Int16 range itself (`floats` converts it only if the limiter has to act).
 */
function planLoudness(
  samples: Float32Array | (() => Float32Array),
  sampleRate: number,
  target: LoudnessTarget,
  known?: KnownLevels,
  input?: FramedPcm,
): { shaped: ShapedSamples; loudness: Loudness; limited?: LimitedLevels } {
  let framed = typeof samples === 'function' ? undefined : samples;
  const floats = (): Float32Array => (framed ??= (samples as () => Float32Array)());
  const as = (gain: number, trim = 1): ShapedSamples => ({ source: input ?? floats(), gain, trim, owned: false });
  const before = known?.lufs ?? integratedLoudness(floats(), sampleRate);
  const peakBefore = (): number => known?.truePeakDbtp ?? truePeak(floats(), sampleRate);
  if (!(before >= NEAR_SILENT_LUFS)) return { shaped: as(1), loudness: { integratedLufs: before, truePeakDbtp: peakBefore() } };
  // The sample ceiling sits 0.5 dB under the true-peak ceiling: the inter-sample overshoot of speech
  // at 22-24 kHz is well under that; a final trim below catches the rest.
  const ceiling = 10 ** ((target.truePeak - 0.5) / 20);
  if (known?.limited) {
    // The same steps as the first time, with the gain and trim found then: the same samples, known levels.
    const { gainDb, trimDb, integratedLufs, truePeakDbtp } = known.limited;
    const limited = limitPeaksScaled(floats(), gainOf(gainDb), ceiling, sampleRate, undefined, { into: limiterScratch(floats().length)[0] }).samples;
    const own = limited !== floats();
    return {
      shaped: { source: limited, gain: 1, trim: trimDb ? gainOf(trimDb) : 1, owned: own },
      loudness: { integratedLufs, truePeakDbtp },
      limited: known.limited,
    };
  }
  const gainDb = target.integrated - before;
  if (known && known.samplePeak * gainOf(gainDb) <= ceiling) {
    // The limiter would not act: plain gain, every level known.
    return finished(as(gainOf(gainDb)), target, { gainDb, integrated: target.integrated, peak: known.truePeakDbtp + gainDb, limited: false });
  }
  // Gain and limiter fused (limiter.ts). A limited signal is measured (loudness, and true peak for the
  // final trim, which lowers loudness too), and its gain corrected until the trimmed result lands within
  // LIMITED_TOLERANCE_LU of the target; the closest pass is kept if none does (a target the ceiling
  // cannot reach).
  const source = floats();
  // The passes are written into two reused buffers: the best pass so far keeps one, the next pass takes the other.
  const buffers = limiterScratch(source.length);
  let spare = buffers[0];
  let best: Pass | undefined;
  let pass: Pass = { samples: source, gainDb, integrated: before, peak: -Infinity, limited: false };
  for (let round = 0; round < LIMITER_PASSES; round++) {
    const gain = gainOf(pass.gainDb);
    // Plain gain after all (a later pass lowered it): exact by linearity, and applied when written.
    const result = limitPeaksScaled(source, gain, ceiling, sampleRate, undefined, { copyUnlimited: false, into: spare });
    if (!result.limited) {
      const peak = known && round === 0 ? known.truePeakDbtp + pass.gainDb : truePeak(scaled(source, gain, spare), sampleRate);
      return finished(as(gain), target, { gainDb: pass.gainDb, integrated: before + pass.gainDb, peak, limited: round > 0 });
    }
    pass = { samples: result.samples, gainDb: pass.gainDb, integrated: integratedLoudness(result.samples, sampleRate), peak: truePeak(result.samples, sampleRate), limited: true };
    const landed = pass.integrated + trimOf(pass.peak, target);
    if (!best || Math.abs(landed - target.integrated) < Math.abs(best.integrated + trimOf(best.peak, target) - target.integrated)) {
      best = pass;
      spare = spare === buffers[0] ? buffers[1] : buffers[0];
    }
    if (Math.abs(landed - target.integrated) <= LIMITED_TOLERANCE_LU) break;
    pass = { ...pass, gainDb: pass.gainDb + target.integrated - landed };
  }
  const kept = best ?? pass;
  return finished({ source: kept.samples, gain: 1, trim: 1, owned: true }, target, kept);
}

/** One gain tried: the signal it gave, its measured levels, whether the limiter acted (now or in an earlier pass). */
interface Pass {
  readonly samples: Float32Array;
  readonly gainDb: number;
  readonly integrated: number;
  readonly peak: number;
  readonly limited: boolean;
}

/**
 * How far under the true-peak ceiling a limited or trimmed signal is held by our meter (4x oversampling,
 * as BS.1770 asks): ffmpeg's ebur128 resamples to 192 kHz and reads a hard-limited signal up to 0.25 dB
 * higher, so files held 0.05 dB under the ceiling by ours read over it by theirs (-12 LUFS / -1 dBTP:
 * lesson tracks at -0.8 dBTP). At 22.05 kHz, 4x is only 88.2 kHz (a sine near Nyquist can peak up to
 * 0.7 dB between its points): the sample course's WAV lesson track L01, held at -1.85 dBTP by ours, read
 * -1.545 by ffmpeg (0.30 dB apart, 0.045 dB under -1.5). So 0.5 dB, not the 0.35 it was.
 */
export const TRUE_PEAK_MARGIN_DB = 0.5;

/** The trim (dB, <= 0) that brings a true peak TRUE_PEAK_MARGIN_DB under the ceiling, when it is not already. */
export const trimOf = (peak: number, target: LoudnessTarget): number => (peak > target.truePeak - TRUE_PEAK_MARGIN_DB ? target.truePeak - TRUE_PEAK_MARGIN_DB - peak : 0);

/** The shaping trimmed under the true-peak ceiling, with the levels it ends at. */
function finished(shaped: ShapedSamples, target: LoudnessTarget, pass: Omit<Pass, 'samples'>): { shaped: ShapedSamples; loudness: Loudness; limited?: LimitedLevels } {
  const trimDb = trimOf(pass.peak, target);
  const loudness = { integratedLufs: pass.integrated + trimDb, truePeakDbtp: pass.peak + trimDb };
  return { shaped: trimDb ? { ...shaped, trim: gainOf(trimDb) } : shaped, loudness, ...(pass.limited ? { limited: { gainDb: pass.gainDb, trimDb, ...loudness } } : {}) };
}

const gainOf = (db: number): number => 10 ** (db / 20);

/**
 * Trims and pads one master's samples, then normalizes the result as a whole: the delivered file is
 * what players (and meters) measure, and on a short clip the padding counts in its integrated loudness.
 * With `analysis` (this master, framed by these silence settings) nothing is measured again.
 * `heardAs`: the silence the delivered file will play around these samples (an MP3's codec delays,
 * output/mp3-timeline.ts); the loudness target then applies to the clip as heard, and `delivered`
 * reports that (one more measurement of the clip).
 */
export function shapeAudio(pcm: Int16Array, sampleRate: number, settings: ShapingSettings, analysis?: ClipAnalysis, heardAs?: (samples: number) => HeardTimeline): ShapedAudio {
  const { shaped, ...levels } = shapeClip(pcm, sampleRate, settings, analysis, heardAs);
  return { samples: shapedFloats(shaped), ...levels };
}

/**
 * `shapeAudio` with the gains found but not applied (deliver/shaped-samples.ts writes them, e.g. straight
 * into a WAV payload as Int16). With `analysis` given and the limiter idle, the clip is never converted
 * to floats: the gain applies to the master's Int16 range as it is written.
 */
export function shapeClip(
  pcm: Int16Array,
  sampleRate: number,
  settings: ShapingSettings,
  analysis?: ClipAnalysis,
  heardAs?: (samples: number) => HeardTimeline,
): Omit<ShapedAudio, 'samples'> & { shaped: ShapedSamples } {
  // Framed straight from the Int16 master: only the delivered range is ever converted to floats.
  let framed: Float32Array | undefined;
  let input: FramedPcm | undefined;
  if (analysis) input = framedPcmOf(pcm, sampleRate, settings.silence, analysis);
  else ({ analysis, framed } = analyzePcm(pcm, sampleRate, settings.silence, framedScratch));
  const floats = (): Float32Array => (framed ??= floatsOfFramed(input!, framedScratch(lengthOf(input!))));
  // Heard inside a codec's silence (an MP3's delays), the clip reads `heardOffsetDb` differently: the target is for that.
  const heardOffsetDb = settings.loudness && heardAs ? heardOffset(floats(), sampleRate, analysis.lufs, heardAs(lengthOf(input ?? floats()))) : 0;
  const loudness = settings.loudness && { ...settings.loudness, integrated: settings.loudness.integrated - heardOffsetDb };
  const target = loudness ? targetKey(loudness) : undefined;
  const known = analysis.limited?.[target ?? ''];
  const levels = { lufs: analysis.lufs, samplePeak: analysis.samplePeak, truePeakDbtp: analysis.truePeakDbtp, ...(known ? { limited: known } : {}) };
  const normalized = loudness
    ? planLoudness(floats, sampleRate, loudness, levels, framed ? undefined : input)
    : { shaped: { source: framed ?? input!, gain: 1, trim: 1, owned: false }, loudness: { integratedLufs: analysis.lufs, truePeakDbtp: analysis.truePeakDbtp } };
  // A target reached through the limiter for the first time: remembered with the analysis.
  if (target && 'limited' in normalized && normalized.limited && !known) analysis = { ...analysis, limited: { ...analysis.limited, [target]: normalized.limited } };
  const delivered = { ...normalized.loudness, integratedLufs: normalized.loudness.integratedLufs + heardOffsetDb };
  return { shaped: normalized.shaped, sourceLufs: analysis.lufs, delivered, speechMs: ((analysis.end - analysis.start) / sampleRate) * 1000, analysis };
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
