/**
 * Duration of finished audio bytes, whichever engine produced them (eSpeak WAV/MP3, Azure RIFF/MP3).
 */
import type { OutputFormat } from '../../../../shared/model/audio';
import { mp3DurationMs } from './mp3-frames';
import { wavDurationMs } from './wav';

/**
 * Duration in ms (not rounded) of a WAV (from its header) or MP3 (by walking its frames).
 * Throws when the bytes are not of the stated format.
 */
export function durationMsOf(bytes: Uint8Array, format: OutputFormat): number {
  switch (format) {
    case 'wav':
      return wavDurationMs(bytes);
    case 'mp3':
      return mp3DurationMs(bytes);
    default: {
      const unknown: never = format;
      throw new Error(`durationMsOf: unsupported format ${String(unknown)}`);
    }
  }
}
