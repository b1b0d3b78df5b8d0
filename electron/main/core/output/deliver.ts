import type { OutputFormat } from '../../../../shared/model/audio';
import { durationMsOf } from './audio-duration';
import { encodeMp3, mp3BitrateFor, type Mp3Bitrate } from './mp3';
import { resamplePcm } from './resample';
import { encodeWav, parseWavHeader } from './wav';

/**
 * Deriving a delivered file from a master: local, deterministic, no engine call. A master is mono
 * 16-bit PCM WAV at the engine's native rate; WAV delivery is the master itself, MP3 delivery is one
 * LAME encode (output/mp3.ts, the only MP3 encoder in the product). A delivery sample rate other than
 * the master's is one resample step first (output/resample.ts).
 */
export interface DeliverySettings {
  readonly format: OutputFormat;
  /** MP3 constant bitrate in kbps; default `mp3BitrateFor(the master's rate)`. */
  readonly mp3Bitrate?: Mp3Bitrate;
  /** Sample rate of the delivered file in Hz; default the master's (the engine's own). */
  readonly sampleRate?: number;
}

export interface DeliveredAudio {
  readonly bytes: Uint8Array;
  readonly durationMs: number;
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

export async function deliverFromMaster(master: Uint8Array, settings: DeliverySettings): Promise<DeliveredAudio> {
  const wav = await resampleStep(master, settings.sampleRate);
  if (settings.format === 'wav') return { bytes: wav, durationMs: durationMsOf(wav, 'wav') };
  const { pcm, sampleRate } = pcmOfMaster(wav);
  const bytes = await encodeMp3(pcm, sampleRate, { bitrate: settings.mp3Bitrate ?? mp3BitrateFor(sampleRate, 1) });
  return { bytes, durationMs: durationMsOf(bytes, 'mp3') };
}

/** The resample step: the master at `sampleRate` (the master itself when it already has that rate). */
export async function resampleStep(wav: Uint8Array, sampleRate: number | undefined): Promise<Uint8Array> {
  if (sampleRate === undefined) return wav;
  const { pcm, sampleRate: masterRate } = pcmOfMaster(wav);
  if (masterRate === sampleRate) return wav;
  return encodeWav(await resamplePcm(pcm, masterRate, sampleRate), sampleRate);
}
