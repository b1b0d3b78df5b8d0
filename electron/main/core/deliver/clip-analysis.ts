import { integratedLoudness, truePeak } from './loudness-meter';
import { floatsOfFramed, lengthOf, type FramedPcm } from './shaped-samples';
import type { SilencePadding } from './shaping';

/**
 * What shaping needs to know about one master, measured once and cached (deliver/analysis-cache.ts):
 * where its speech starts and ends, and the loudness and peaks of the clip as framed for delivery
 * (speech between the course's lead and tail silence, before any gain). Gain is linear, so with these
 * numbers any loudness target is a multiplication: re-deriving for a new target, format or track never
 * measures again (unless the peak limiter has to act, which changes the signal).
 */
export interface ClipAnalysis {
  /** Speech range [start, end) in the master's samples (start = end: silence). */
  readonly start: number;
  readonly end: number;
  /** Integrated loudness (LUFS) of the framed clip; -Infinity when nothing passes the meter's gate. */
  readonly lufs: number;
  /** Largest absolute sample of the framed clip, linear (1 = full scale). */
  readonly samplePeak: number;
  /** True peak (dBTP) of the framed clip; -Infinity for digital silence. */
  readonly truePeakDbtp: number;
  /**
   * Per loudness target (`targetKey`) whose gain made the peak limiter act: the gain found, the final
   * trim and the resulting levels, so that target is reached again by the same deterministic steps
   * without measuring.
   */
  readonly limited?: Readonly<Record<string, LimitedLevels>>;
}

export interface LimitedLevels {
  readonly gainDb: number;
  readonly trimDb: number;
  readonly integratedLufs: number;
  readonly truePeakDbtp: number;
}

export const targetKey = (target: { integrated: number; truePeak: number }): string => `${target.integrated}/${target.truePeak}`;

/** Below this a 10 ms frame counts as silence (about -54 dBFS RMS: eSpeak and Azure noise floors are far lower). */
const SILENCE_RMS = 0.002;
const FRAME_MS = 10;
/** Kept either side of the speech so soft onsets and releases are not clipped. */
const KEEP_MS = 20;

/**
 * Index range [start, end) of `samples` without leading and trailing silence (empty for silence).
 * `fullScale`: the value of a full-scale sample (1 for floats, 32768 for Int16 PCM: the same decision
 * either way, the threshold is scaled by a power of two).
 */
export function speechRange(samples: Float32Array | Int16Array, sampleRate: number, fullScale = 1): { start: number; end: number } {
  const frame = Math.max(1, Math.round((sampleRate * FRAME_MS) / 1000));
  const threshold = SILENCE_RMS * fullScale;
  const loud = (from: number): boolean => {
    let energy = 0;
    const to = Math.min(samples.length, from + frame);
    for (let i = from; i < to; i++) energy += samples[i]! * samples[i]!;
    return Math.sqrt(energy / Math.max(1, to - from)) >= threshold;
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
 * The clip as delivered before gain: with `silence`, the speech range between exact lead and tail
 * silences; without, the master as it is.
 */
export function framedClip(master: Float32Array, sampleRate: number, silence: SilencePadding | false, range: { start: number; end: number }): Float32Array {
  if (!silence) return master;
  const lead = Math.round((sampleRate * silence.leadMs) / 1000);
  const tail = Math.round((sampleRate * silence.tailMs) / 1000);
  const framed = new Float32Array(lead + (range.end - range.start) + tail);
  framed.set(master.subarray(range.start, range.end), lead);
  return framed;
}

/** `framedClip` of an Int16 master: only the kept range is converted to floats (the same values). */
export function framedClipOfPcm(
  master: Int16Array,
  sampleRate: number,
  silence: SilencePadding | false,
  range: { start: number; end: number },
  into?: (length: number) => Float32Array,
): Float32Array {
  const framed = framedPcmOf(master, sampleRate, silence, range);
  return floatsOfFramed(framed, into?.(lengthOf(framed)));
}

/** Where `framedClipOfPcm` takes its samples from, without converting them (the whole master without `silence`). */
export function framedPcmOf(master: Int16Array, sampleRate: number, silence: SilencePadding | false, range: { start: number; end: number }): FramedPcm {
  if (!silence) return { pcm: master, start: 0, end: master.length, lead: 0, tail: 0 };
  const lead = Math.round((sampleRate * silence.leadMs) / 1000);
  const tail = Math.round((sampleRate * silence.tailMs) / 1000);
  return { pcm: master, start: range.start, end: range.end, lead, tail };
}

/** Measures a master as `silence` frames it: the one place a clip's loudness and true peak are metered. */
export function analyzeClip(master: Float32Array, sampleRate: number, silence: SilencePadding | false): { analysis: ClipAnalysis; framed: Float32Array } {
  const range = speechRange(master, sampleRate);
  return measured(range, framedClip(master, sampleRate, silence, range), sampleRate);
}

/** `analyzeClip` of an Int16 master, without converting what the framing drops; the framed floats in `into`'s buffer when given. */
export function analyzePcm(
  master: Int16Array,
  sampleRate: number,
  silence: SilencePadding | false,
  into?: (length: number) => Float32Array,
): { analysis: ClipAnalysis; framed: Float32Array } {
  const range = speechRange(master, sampleRate, 32768);
  return measured(range, framedClipOfPcm(master, sampleRate, silence, range, into), sampleRate);
}

function measured(range: { start: number; end: number }, framed: Float32Array, sampleRate: number): { analysis: ClipAnalysis; framed: Float32Array } {
  return {
    analysis: { ...range, lufs: integratedLoudness(framed, sampleRate), samplePeak: samplePeakOf(framed), truePeakDbtp: truePeak(framed, sampleRate) },
    framed,
  };
}

export function samplePeakOf(samples: Float32Array): number {
  let peak = 0;
  for (let i = 0; i < samples.length; i++) {
    const level = Math.abs(samples[i]!);
    if (level > peak) peak = level;
  }
  return peak;
}
