import type { RenderJob } from '../../../../shared/model/render';
import { limitPeaksScaled, scaled } from './limiter';
import { integratedLoudnessOfLayout, type PlacedClips } from './layout-loudness';
import { measureLoudness, truePeak, type Loudness } from './loudness-meter';
import { normalizeLoudness, TRUE_PEAK_MARGIN_DB, trimOf, type ShapingSettings } from './shaping';
import type { TrackPlan } from './track-plan';

/**
 * Lays a track out from its clips' masters: each clip shaped as its delivered file is (trimmed,
 * padded, normalized), pauses as silence ("Nx" = N times the clip before), `between` after every
 * phrase but the last; then the whole track normalized to the course loudness. All clips of a track
 * come from one engine, so they share its native sample rate.
 */
export interface RenderedTrack {
  readonly sampleRate: number;
  readonly loudness: Loudness;
  readonly chapters: ReadonlyArray<{ phrase: string; startMs: number; endMs: number }>;
  /** The track as its final clips and where they sit: written without joining them (track-wav.ts, track-mp3.ts). */
  readonly layout: TrackLayout;
}

/**
 * A rendered track as pieces: digital silence except for `clips[key]` at each `placed` position (the
 * clips are the final samples: shaped, at the track's gain, limited where needed; one entry for a clip
 * played twice).
 */
export interface TrackLayout extends PlacedClips {
  /** Each phrase's span, in samples (the chapters). */
  readonly phrases: ReadonlyArray<{ readonly phrase: string; readonly start: number; readonly end: number }>;
}

/** How far under its target a track may stay so that no clip has to be limited (ffmpeg-measured acceptance is 1 LU). */
const CAPPED_GAIN_TOLERANCE_LU = 0.5;

/** One clip as delivered (shaped from its master), its sample rate and true peak. */
export interface ShapedClip {
  readonly samples: Float32Array;
  readonly sampleRate: number;
  readonly truePeakDbtp: number;
}

export async function renderTrack(plan: TrackPlan, shapeClip: (job: RenderJob) => Promise<ShapedClip>, shaping: ShapingSettings): Promise<RenderedTrack> {
  // Every clip shaped first (a clip played twice is shaped once), so the sample rate is known before any pause.
  const clips = new Map<string, Float32Array>();
  const clipPeaks = new Map<string, number>();
  let loudestPeakDbtp = -Infinity;
  let sampleRate = 0;
  for (const phrase of plan.phrases) {
    for (const part of phrase.parts) {
      if (part.kind !== 'clip' || clips.has(part.job.key)) continue;
      const shaped = await shapeClip(part.job);
      if (sampleRate && shaped.sampleRate !== sampleRate)
        throw new Error(`Track ${plan.file} mixes ${sampleRate} Hz and ${shaped.sampleRate} Hz masters: render the course with one engine`);
      sampleRate = shaped.sampleRate;
      clips.set(part.job.key, shaped.samples);
      clipPeaks.set(part.job.key, shaped.truePeakDbtp);
      loudestPeakDbtp = Math.max(loudestPeakDbtp, shaped.truePeakDbtp);
    }
  }
  if (!sampleRate) throw new Error(`Track ${plan.file} plays no clip`);
  const { length, placed, phrases } = layOutPlan(plan, (key) => clips.get(key)!.length, sampleRate);
  const chapters = phrases.map(({ phrase, start, end }) => ({ phrase, startMs: (start / sampleRate) * 1000, endMs: (end / sampleRate) * 1000 }));
  const layoutOf = (finals: ReadonlyMap<string, Float32Array>): TrackLayout => ({ length, placed, clips: finals, phrases });
  // Clips padded with silence do not interact in the 4x oversampling filter (a dozen samples wide) nor
  // in the loudness meter's K-weighting (it is at rest when each clip starts), so such a track is
  // measured from its pieces (layout-loudness.ts) and its true peak is its loudest clip's after the
  // gain: it is never joined into one signal. Without padding, the joined track is metered.
  const padded = shaping.silence && shaping.silence.leadMs >= 10 && shaping.silence.tailMs >= 10;
  const unscaled = layoutOf(clips);
  if (!shaping.loudness)
    return {
      sampleRate,
      loudness: padded ? { integratedLufs: integratedLoudnessOfLayout(unscaled, sampleRate), truePeakDbtp: loudestPeakDbtp } : measureLoudness(joinedSamples(unscaled), sampleRate),
      chapters,
      layout: unscaled,
    };
  const target = shaping.loudness;
  if (!padded) {
    // Normalized (and limited) as one signal: each place of a clip may differ, so each is its own piece.
    // The gain and limiter only scale samples, so the pauses stay digital silence.
    const normalized = normalizeLoudness(joinedSamples(unscaled), sampleRate, target);
    const pieces = placed.map(({ key, at }) => ({ key: `${key}@${at}`, at, samples: normalized.samples.subarray(at, at + clips.get(key)!.length) }));
    const layout: TrackLayout = { ...layoutOf(new Map(pieces.map((piece) => [piece.key, piece.samples]))), placed: pieces.map(({ key, at }) => ({ key, at })) };
    return { sampleRate, loudness: normalized.loudness, chapters, layout };
  }
  const gainDb = target.integrated - integratedLoudnessOfLayout(unscaled, sampleRate);
  if (!Number.isFinite(gainDb)) return { sampleRate, loudness: { integratedLufs: -Infinity, truePeakDbtp: loudestPeakDbtp }, chapters, layout: unscaled };
  // One gain for the whole track. The clips already sit at the target, so the track is close to it
  // (its pauses add quiet block edges: typically +0.4 dB is missing); the gain stops where the loudest
  // clip meets the ceiling when that still lands within CAPPED_GAIN_TOLERANCE_LU of the target: then
  // nothing is limited and the loudness is exact by linearity, no second measurement. Otherwise the
  // full gain, and a clip whose peaks it would push over the ceiling is limited on its own.
  // The loudest clip is brought TRUE_PEAK_MARGIN_DB under the ceiling, not onto it: meters that oversample
  // otherwise (ffmpeg resamples to 192 kHz) or a resampled delivery rate read up to 0.2 dB apart.
  const headroomDb = target.truePeak - TRUE_PEAK_MARGIN_DB - loudestPeakDbtp;
  if (gainDb > headroomDb && gainDb - headroomDb <= CAPPED_GAIN_TOLERANCE_LU) {
    // Each distinct clip scaled once: the pauses (most of a track) are never touched.
    const gain = 10 ** (headroomDb / 20);
    return {
      sampleRate,
      loudness: { integratedLufs: target.integrated - gainDb + headroomDb, truePeakDbtp: target.truePeak - TRUE_PEAK_MARGIN_DB },
      chapters,
      layout: layoutOf(new Map([...clips].map(([key, clip]) => [key, scaled(clip, gain)]))),
    };
  }
  const gain = 10 ** (gainDb / 20);
  const sampleCeiling = 10 ** ((target.truePeak - 0.5) / 20);
  let limited = false;
  let peakDbtp = -Infinity;
  const finals = new Map<string, Float32Array>();
  for (const [key, clip] of clips) {
    const clipPeak = clipPeaks.get(key)!;
    let final: Float32Array;
    let finalPeak = clipPeak + gainDb;
    // Held TRUE_PEAK_MARGIN_DB under the ceiling like every limited clip: one scaled onto the ceiling by our meter read over it by ffmpeg's.
    if (finalPeak <= target.truePeak - TRUE_PEAK_MARGIN_DB) final = scaled(clip, gain);
    else {
      limited = true;
      final = limitPeaksScaled(clip, gain, sampleCeiling, sampleRate).samples;
      if (final === clip) final = clip.slice(); // unity gain, nothing limited: trimmed below on a copy
      finalPeak = truePeak(final, sampleRate);
      const trimDb = trimOf(finalPeak, target);
      if (trimDb) {
        const trim = 10 ** (trimDb / 20);
        for (let i = 0; i < final.length; i++) final[i] = final[i]! * trim;
        finalPeak += trimDb;
      }
    }
    finals.set(key, final);
    peakDbtp = Math.max(peakDbtp, finalPeak);
  }
  const layout = layoutOf(finals);
  const integratedLufs = limited ? integratedLoudnessOfLayout(layout, sampleRate) : target.integrated;
  return { sampleRate, loudness: { integratedLufs, truePeakDbtp: peakDbtp }, chapters, layout };
}

/** The track as one signal: its clips written over digital silence (for metering an unpadded track, and tests). */
export function joinedSamples(layout: PlacedClips): Float32Array {
  const joined = new Float32Array(layout.length);
  for (const { key, at } of layout.placed) joined.set(layout.clips.get(key)!, at);
  return joined;
}

/**
 * A plan's clips and pauses in order, given each clip's length in samples: the track's length, where
 * each clip sits, and each phrase's span. Pauses are seconds, or "Nx" the clip before; `between`
 * follows every phrase but the last. (derive-memory.ts sizes a track with it before any clip is shaped.)
 */
export function layOutPlan(plan: TrackPlan, lengthOf: (key: string) => number, sampleRate: number) {
  const placed: Array<{ key: string; at: number }> = [];
  const phrases: Array<{ phrase: string; start: number; end: number }> = [];
  let length = 0;
  const silence = (frames: number): void => {
    length += Math.max(0, Math.round(frames));
  };
  for (const [index, phrase] of plan.phrases.entries()) {
    const start = length;
    let previous = 0;
    for (const part of phrase.parts) {
      if (part.kind === 'clip') {
        const clipLength = lengthOf(part.job.key);
        placed.push({ key: part.job.key, at: length });
        length += clipLength;
        previous = clipLength;
      } else if (part.kind === 'pause') silence(part.seconds * sampleRate);
      else silence(previous * part.times);
    }
    phrases.push({ phrase: phrase.phrase, start, end: length });
    if (index < plan.phrases.length - 1) silence(plan.betweenSeconds * sampleRate);
  }
  return { length, placed, phrases };
}
