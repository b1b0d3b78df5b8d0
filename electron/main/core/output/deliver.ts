import type { OutputFormat } from '../../../../shared/model/audio';
import type { QaFlag } from '../../../../shared/model/delivery';
import type { ClipAnalysis } from '../deliver/clip-analysis';
import { qaFlags } from '../deliver/qa';
import { shapeClip, type ShapingSettings } from '../deliver/shaping';
import { lengthOf, writeShapedInt16 } from '../deliver/shaped-samples';
import { durationMsOf } from './audio-duration';
import { encodeMp3, mp3BitrateFor, mp3BitrateWithin, type Mp3Bitrate } from './mp3';
import { mp3Timeline } from './mp3-timeline';
import { resamplePcm } from './resample';
import { encodeWav, parseWavHeader, silentWav } from './wav';
import { encodedUnderCeiling, mp3PeakNeedsCheck, samplePeakDb, scaledInt16 } from '../deliver/mp3-peak-check';
import { mp3Shaping } from '../deliver/mp3-shaping';

/**
 * Deriving a delivered file from a master: local, deterministic, no engine call. A master is mono
 * 16-bit PCM WAV at the engine's native rate; it is shaped (silence trimmed and padded, loudness
 * normalized: deliver/shaping.ts) at that rate, resampled when a delivery sample rate is chosen
 * (output/resample.ts), then written as WAV or encoded once by LAME (output/mp3.ts, the only MP3
 * encoder in the product). With no shaping and no resampling, WAV delivery is the master itself.
 */
export interface DeliverySettings {
  readonly format: OutputFormat;
  /** MP3 constant bitrate in kbps; default `mp3BitrateFor(the master's rate)`. */
  readonly mp3Bitrate?: Mp3Bitrate;
  /** Sample rate of the delivered file in Hz; default the master's (the engine's own). */
  readonly sampleRate?: number;
  /** Silence and loudness (default: none, the master as it is). */
  readonly shaping?: ShapingSettings;
}

export interface DeliveredAudio {
  readonly bytes: Uint8Array;
  readonly durationMs: number;
  /** Loudness of the delivered samples (an MP3's: as heard with its codec's delays, before the codec's own level loss), when measured. */
  readonly loudnessLufs?: number;
  readonly truePeakDbtp?: number;
  /** QA flags from the master, when the spoken text was given. */
  readonly qa?: QaFlag[];
  /** The master's measurements shaping used (given or measured now), for the caller to cache. */
  readonly analysis?: ClipAnalysis;
}

/** What QA compares a render with: the text it speaks and the rate it speaks it at. */
export interface SpokenText {
  readonly text: string;
  readonly rate: number;
}

/** The master's samples as Int16 (copied when the buffer is not 2-byte aligned). */
export function pcmOfMaster(wav: Uint8Array): { pcm: Int16Array; sampleRate: number } {
  const info = parseWavHeader(wav);
  if (info.audioFormat !== 1 || info.bitsPerSample !== 16 || info.channels !== 1) {
    throw new Error(`A master must be mono 16-bit PCM WAV, not format ${info.audioFormat}, ${info.bitsPerSample}-bit, ${info.channels} channel(s)`);
  }
  const start = wav.byteOffset + info.dataOffset;
  const samples = info.frames;
  const pcm = start % 2 === 0 ? new Int16Array(wav.buffer, start, samples) : new Int16Array(wav.slice(info.dataOffset, info.dataOffset + samples * 2).buffer);
  return { pcm, sampleRate: info.sampleRate };
}

/** `analysis`: this master's measurements for the course's silence settings, when cached (nothing is measured then). */
export async function deliverFromMaster(wav: Uint8Array, settings: DeliverySettings, spoken?: SpokenText, analysis?: ClipAnalysis): Promise<DeliveredAudio> {
  const shaping = settings.shaping;
  const shaped = shaping && (shaping.loudness || shaping.silence);
  if (settings.format === 'wav' && !shaped && !spoken && settings.sampleRate === undefined) return { bytes: wav, durationMs: durationMsOf(wav, 'wav') };
  const master = pcmOfMaster(wav);
  let pcm = master.pcm;
  let measured: Omit<DeliveredAudio, 'bytes' | 'durationMs'> = {};
  let wavOut: { bytes: Uint8Array; samples: Int16Array } | undefined;
  const resampled = settings.sampleRate !== undefined && settings.sampleRate !== master.sampleRate;
  const sampleRate = resampled ? settings.sampleRate! : master.sampleRate;
  const bitrate = mp3BitrateWithin(settings.mp3Bitrate ?? mp3BitrateFor(sampleRate, 1), sampleRate);
  if (shaping) {
    // An MP3 is heard with its codec's delays around the samples: the loudness target is for that (mp3-timeline.ts);
    // and it peaks higher than its samples: they are held under a lower ceiling (deliver/mp3-shaping.ts).
    const heardAs = settings.format === 'mp3' ? (samples: number) => mp3Timeline(samples, master.sampleRate, sampleRate) : undefined;
    const forMp3 = settings.format === 'mp3' ? await mp3Shaping(shaping, sampleRate, bitrate) : { shaping, peakRiseDb: 0 };
    const audio = shapeClip(master.pcm, master.sampleRate, forMp3.shaping, analysis, heardAs);
    if (shaped) {
      // Gain, trim and the Int16 conversion in one pass, straight into the WAV file's payload when the
      // file is the clip as shaped (no float copy, no second Int16 copy).
      const frames = lengthOf(audio.shaped.source);
      if (settings.format === 'wav' && !resampled) wavOut = silentWav(frames, master.sampleRate);
      pcm = wavOut?.samples ?? new Int16Array(frames);
      writeShapedInt16(audio.shaped, pcm);
    }
    measured = {
      ...(Number.isFinite(audio.delivered.integratedLufs) ? { loudnessLufs: round1(audio.delivered.integratedLufs) } : {}),
      ...(Number.isFinite(audio.delivered.truePeakDbtp) ? { truePeakDbtp: round1(audio.delivered.truePeakDbtp + forMp3.peakRiseDb) } : {}),
      ...(spoken ? { qa: qaFlags({ ...spoken, speechMs: audio.speechMs, sourceLufs: audio.sourceLufs }) } : {}),
      analysis: audio.analysis,
    };
  }
  // Shaped at the master's rate (its cached measurements are in its samples), then resampled.
  if (resampled) pcm = await resamplePcm(pcm, master.sampleRate, sampleRate);
  if (settings.format === 'wav') {
    const bytes = wavOut?.bytes ?? (shaped || resampled ? encodeWav(pcm, sampleRate) : wav);
    return { bytes, durationMs: durationMsOf(bytes, 'wav'), ...measured };
  }
  const loudness = (shaping && shaping.loudness) || undefined;
  const samples = pcm;
  if (!mp3PeakNeedsCheck(bitrate, loudness, () => samplePeakDb(samples))) {
    const bytes = await encodeMp3(samples, sampleRate, { bitrate });
    return { bytes, durationMs: durationMsOf(bytes, 'mp3'), ...measured };
  }
  // A low bitrate whose coding noise may lift the peaks over the ceiling: checked as decoded (deliver/mp3-peak-check.ts).
  const checked = await encodedUnderCeiling(
    (gain) => encodeMp3(gain === 1 ? samples : scaledInt16(samples, gain), sampleRate, { bitrate }),
    (bytes) => bytes,
    loudness.truePeak,
  );
  const { encoded: bytes, gainDb, peakDbtp } = checked;
  const lowered = gainDb < 0 && measured.loudnessLufs !== undefined ? { loudnessLufs: round1(measured.loudnessLufs + gainDb) } : {};
  return { bytes, durationMs: durationMsOf(bytes, 'mp3'), ...measured, ...lowered, ...(Number.isFinite(peakDbtp) ? { truePeakDbtp: round1(peakDbtp) } : {}) };
}

const round1 = (value: number): number => Math.round(value * 10) / 10;
