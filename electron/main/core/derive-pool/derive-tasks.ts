import { createHash } from 'node:crypto';
import type { OutputFormat } from '../../../../shared/model/audio';
import type { RenderJob } from '../../../../shared/model/render';
import type { ClipAnalysis } from '../deliver/clip-analysis';
import type { Loudness } from '../deliver/loudness-meter';
import { shapeAudio, type ShapingSettings } from '../deliver/shaping';
import type { TrackPlan } from '../deliver/track-plan';
import { encodeTrackMp3 } from '../deliver/track-mp3';
import { renderTrack, type ShapedClip } from '../deliver/track-render';
import { encodeTrackWav } from '../deliver/track-wav';
import { tagMp3 } from '../deliver/track-tags';
import { deliverFromMaster, pcmOfMaster, type DeliveredAudio, type DeliverySettings, type SpokenText } from '../output/deliver';
import { mp3BitrateFor, mp3BitrateWithin, type Mp3Bitrate } from '../output/mp3';
import { parseWavHeader } from '../output/wav';
import { mp3Shaping } from '../deliver/mp3-shaping';

/**
 * The CPU-heavy steps of building an output folder, as pure functions of bytes in and bytes out, so
 * they run in a derive worker (derive-worker.ts) or, when no worker can start, inline: a clip derived
 * from its master (shaping, loudness, resampling, WAV/MP3 encoding) and a lesson track laid out from
 * its clips' masters (an MP3 track spliced from its clips encoded once each: deliver/track-mp3.ts). Each checks the masters it was given against their recorded sha256 and hashes
 * what it produced, so the main thread never hashes audio.
 */
export interface DeliverTask {
  readonly kind: 'deliver';
  /** The master's bytes as read from disk (not yet checked). */
  readonly wav: Uint8Array;
  /** The master's recorded sha256: bytes that do not match are not derived from. */
  readonly sha256: string;
  /** The bytes are the ones that sha256 was computed from, in this process (just stored): not hashed again. */
  readonly verified?: boolean;
  readonly settings: DeliverySettings;
  readonly spoken: SpokenText;
  readonly analysis?: ClipAnalysis;
}

export type DeliverResult = { readonly ok: false } | { readonly ok: true; readonly audio: DeliveredAudio; readonly sha256: string };

export interface TrackClip {
  /** The synthesis key of the clip's master (a key of `TrackTask.masters`). */
  readonly master: string;
  readonly shaping: ShapingSettings;
  readonly analysis?: ClipAnalysis;
}

export interface TrackTask {
  readonly kind: 'track';
  readonly plan: TrackPlan;
  /** By render key (`job.key`): how each clip of the plan is shaped. */
  readonly clips: Readonly<Record<string, TrackClip>>;
  /** By synthesis key: each master's bytes and recorded sha256 (`verified`: as for DeliverTask). */
  readonly masters: Readonly<Record<string, { readonly wav: Uint8Array; readonly sha256: string; readonly verified?: boolean }>>;
  readonly shaping: ShapingSettings;
  readonly format: OutputFormat;
  readonly mp3Bitrate?: Mp3Bitrate;
  /** The delivered sample rate (`output.sampleRate`); default the masters'. */
  readonly sampleRate?: number;
  readonly courseTitle: string;
}

export interface TrackResult {
  readonly bytes: Uint8Array;
  readonly sha256: string;
  readonly durationMs: number;
  readonly loudness: Loudness;
  readonly chapters: ReadonlyArray<{ phrase: string; startMs: number; endMs: number }>;
  /** Clip measurements made for this track (by render key), for the caller's analysis cache. */
  readonly measured: Readonly<Record<string, ClipAnalysis>>;
}

export type DeriveTask = DeliverTask | TrackTask;

export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export async function runDeliverTask(task: DeliverTask): Promise<DeliverResult> {
  if (!task.verified && sha256Of(task.wav) !== task.sha256) return { ok: false };
  const audio = await deliverFromMaster(task.wav, task.settings, task.spoken, task.analysis);
  // A WAV delivered as the engine made it is the master's own bytes, already hashed just above.
  return { ok: true, audio, sha256: audio.bytes === task.wav ? task.sha256 : sha256Of(audio.bytes) };
}

export async function runTrackTask(task: TrackTask): Promise<TrackResult> {
  const measured: Record<string, ClipAnalysis> = {};
  // An MP3 track's samples are held under a lower ceiling (deliver/mp3-shaping.ts), at the rate and bitrate of its file.
  const mp3 = task.format === 'mp3' ? await mp3TrackShaping(task) : undefined;
  const shapingOf = (shaping: ShapingSettings): ShapingSettings => (mp3 && shaping.loudness ? { ...shaping, loudness: mp3.shaping.loudness } : shaping);
  const shapeClip = async (job: RenderJob): Promise<ShapedClip> => {
    const clip = task.clips[job.key];
    const master = clip && task.masters[clip.master];
    if (!clip || !master || (!master.verified && sha256Of(master.wav) !== master.sha256))
      throw new Error(`The master of ${job.phraseId}/${job.variantId} is missing: run the course again to render it`);
    const { pcm, sampleRate } = pcmOfMaster(master.wav);
    const shaped = shapeAudio(pcm, sampleRate, shapingOf(clip.shaping), clip.analysis);
    if (shaped.analysis !== clip.analysis) measured[job.key] = shaped.analysis;
    return { samples: shaped.samples, sampleRate, truePeakDbtp: shaped.delivered.truePeakDbtp };
  };
  const rendered = await renderTrack(task.plan, shapeClip, shapingOf(task.shaping));
  // Laid out and normalized at the masters' rate, then resampled like a clip (output/deliver.ts).
  const sampleRate = task.sampleRate ?? rendered.sampleRate;
  if (task.format === 'mp3') {
    // Each distinct clip encoded once, the pauses spliced in as silent frames (deliver/track-mp3.ts).
    const loudness = task.shaping.loudness || undefined;
    const encoded = await encodeTrackMp3(rendered.layout, rendered.sampleRate, sampleRate, trackMp3Bitrate(task, sampleRate), loudness);
    const bytes = tagMp3(encoded.bytes, task.plan, task.courseTitle, encoded.chapters);
    const heard = { ...rendered.loudness, truePeakDbtp: rendered.loudness.truePeakDbtp + (mp3?.peakRiseDb ?? 0) };
    return { bytes, sha256: sha256Of(bytes), durationMs: encoded.durationMs, loudness: heard, chapters: encoded.chapters, measured };
  }
  // Written from its pieces: the clips placed into a silent file (deliver/track-wav.ts).
  const { bytes, durationMs } = await encodeTrackWav(rendered.layout, rendered.sampleRate, sampleRate);
  return { bytes, sha256: sha256Of(bytes), durationMs, loudness: rendered.loudness, chapters: rendered.chapters, measured };
}

/** mp3Shaping for a track: its file's rate (`sampleRate`, else its masters') and the bitrate LAME writes there. */
async function mp3TrackShaping(task: TrackTask): Promise<{ shaping: ShapingSettings; peakRiseDb: number }> {
  const first = Object.values(task.masters)[0];
  const rate = task.sampleRate ?? (first ? parseWavHeader(first.wav).sampleRate : 0);
  if (!rate) return { shaping: task.shaping, peakRiseDb: 0 };
  return mp3Shaping(task.shaping, rate, mp3BitrateWithin(trackMp3Bitrate(task, rate), rate));
}

/** The bitrate an MP3 track at `rate` is asked for: the course's, else the default for that rate. */
const trackMp3Bitrate = (task: TrackTask, rate: number): Mp3Bitrate => task.mp3Bitrate ?? mp3BitrateFor(rate, 1);

export function runDeriveTask(task: DeriveTask): Promise<DeliverResult | TrackResult> {
  return task.kind === 'deliver' ? runDeliverTask(task) : runTrackTask(task);
}

/** The buffers of `value` that can be moved to the other thread instead of copied. */
export function transferablesOf(value: DeriveTask | DeliverResult | TrackResult): ArrayBuffer[] {
  const views: Uint8Array[] = [];
  if ('kind' in value) {
    if (value.kind === 'deliver') views.push(value.wav);
    else for (const master of Object.values(value.masters)) views.push(master.wav);
  } else if ('bytes' in value) views.push(value.bytes);
  else if (value.ok) views.push(value.audio.bytes);
  const buffers = new Set<ArrayBuffer>();
  // Only a view spanning its whole buffer is moved: a slice of a shared pool (small Buffers) is copied.
  for (const view of views) if (view.buffer instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === view.buffer.byteLength) buffers.add(view.buffer);
  return [...buffers];
}
