import { mp3StreamEncoder, type Mp3Bitrate } from '../output/mp3';
import { mp3LevelLossDb } from '../output/mp3-level';
import type { ShapingSettings } from './shaping';

/**
 * The shaping an MP3's samples need so that the file, as decoded, meets the course's ceiling.
 * encodeMp3 raises its input by the level LAME takes off (output/mp3-level.ts) so the file is heard at
 * its samples' loudness; LAME takes that level off the loudness but not off the peaks, so a decoded
 * MP3 peaks higher than its samples by about that much: at 22.05 kHz, 64 kbps, 0.48 dB (the sample
 * course at -18 LUFS / -1.5 dBTP read up to -1.38 dBTP by ffmpeg while its samples peaked at -1.85).
 * So the samples are held under the ceiling less that rise; their loudness target is unchanged.
 * `peakRiseDb`: what to add to the samples' true peak to say the file's.
 */
export async function mp3Shaping(shaping: ShapingSettings, sampleRate: number, bitrate: Mp3Bitrate): Promise<{ shaping: ShapingSettings; peakRiseDb: number }> {
  if (!shaping.loudness) return { shaping, peakRiseDb: 0 };
  const peakRiseDb = await mp3LevelLossDb(sampleRate, bitrate, mp3StreamEncoder(sampleRate, bitrate));
  return { shaping: { ...shaping, loudness: { ...shaping.loudness, truePeak: shaping.loudness.truePeak - peakRiseDb } }, peakRiseDb };
}
