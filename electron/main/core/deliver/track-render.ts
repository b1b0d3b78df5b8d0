import type { RenderJob } from '../../../../shared/model/render';
import { pcmOfMaster } from '../output/deliver';
import { integratedLoudness, measureLoudness, type Loudness } from './loudness-meter';
import { normalizeLoudness, shapeAudio, type ShapingSettings } from './shaping';
import type { TrackPlan } from './track-plan';

/**
 * Lays a track out from its clips' masters: each clip shaped as its delivered file is (trimmed,
 * padded, normalized), pauses as silence ("Nx" = N times the clip before), `between` after every
 * phrase but the last; then the whole track normalized to the course loudness. All clips of a track
 * come from one engine, so they share its native sample rate.
 */
export interface RenderedTrack {
  readonly samples: Float32Array;
  readonly sampleRate: number;
  readonly loudness: Loudness;
  readonly chapters: ReadonlyArray<{ phrase: string; startMs: number; endMs: number }>;
}

export async function renderTrack(plan: TrackPlan, readMaster: (job: RenderJob) => Promise<Uint8Array | undefined>, shaping: ShapingSettings): Promise<RenderedTrack> {
  // Every clip shaped first (a clip played twice is shaped once), so the sample rate is known before any pause.
  const clips = new Map<string, Float32Array>();
  let loudestPeakDbtp = -Infinity;
  let sampleRate = 0;
  for (const phrase of plan.phrases) {
    for (const part of phrase.parts) {
      if (part.kind !== 'clip' || clips.has(part.job.key)) continue;
      const wav = await readMaster(part.job);
      if (!wav) throw new Error(`The master of ${part.job.phraseId}/${part.job.variantId} is missing: run the course again to render it`);
      const master = pcmOfMaster(wav);
      if (sampleRate && master.sampleRate !== sampleRate)
        throw new Error(`Track ${plan.file} mixes ${sampleRate} Hz and ${master.sampleRate} Hz masters: render the course with one engine`);
      sampleRate = master.sampleRate;
      const shaped = shapeAudio(master.pcm, sampleRate, shaping);
      clips.set(part.job.key, shaped.samples);
      loudestPeakDbtp = Math.max(loudestPeakDbtp, shaped.delivered.truePeakDbtp);
    }
  }
  if (!sampleRate) throw new Error(`Track ${plan.file} plays no clip`);
  const pieces: Float32Array[] = [];
  const chapters: Array<{ phrase: string; startMs: number; endMs: number }> = [];
  let length = 0;
  const append = (piece: Float32Array): void => {
    pieces.push(piece);
    length += piece.length;
  };
  const silence = (frames: number): void => append(new Float32Array(Math.max(0, Math.round(frames))));
  for (const [index, phrase] of plan.phrases.entries()) {
    const start = length;
    let previous = 0;
    for (const part of phrase.parts) {
      if (part.kind === 'clip') {
        const clip = clips.get(part.job.key)!;
        append(clip);
        previous = clip.length;
      } else if (part.kind === 'pause') silence(part.seconds * sampleRate);
      else silence(previous * part.times);
    }
    chapters.push({ phrase: phrase.phrase, startMs: (start / sampleRate) * 1000, endMs: (length / sampleRate) * 1000 });
    if (index < plan.phrases.length - 1) silence(plan.betweenSeconds * sampleRate);
  }
  const joined = new Float32Array(length);
  let at = 0;
  for (const piece of pieces) {
    joined.set(piece, at);
    at += piece.length;
  }
  if (!shaping.loudness) return { samples: joined, sampleRate, loudness: measureLoudness(joined, sampleRate), chapters };
  const target = shaping.loudness;
  if (shaping.silence && shaping.silence.leadMs >= 10 && shaping.silence.tailMs >= 10) {
    // Clips padded with silence do not interact in the 4x oversampling filter (a dozen samples wide),
    // so the track's true peak is its loudest clip's, moved by the gain: one loudness pass suffices
    // while that stays under the ceiling (it does: the clips already sit at the target).
    const gainDb = target.integrated - integratedLoudness(joined, sampleRate);
    if (Number.isFinite(gainDb) && loudestPeakDbtp + gainDb <= target.truePeak) {
      const gain = 10 ** (gainDb / 20);
      for (let i = 0; i < joined.length; i++) joined[i] = joined[i]! * gain;
      return { samples: joined, sampleRate, loudness: { integratedLufs: target.integrated, truePeakDbtp: loudestPeakDbtp + gainDb }, chapters };
    }
  }
  const normalized = normalizeLoudness(joined, sampleRate, target);
  return { samples: normalized.samples, sampleRate, loudness: normalized.loudness, chapters };
}
