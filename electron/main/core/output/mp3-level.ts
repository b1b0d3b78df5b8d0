import { integratedLoudness } from '../deliver/loudness-meter';
import { decodeMp3 } from './mp3-decode';
import { MP3_LEVEL_LOSS_DB } from './mp3-level-table';
import { MP3_HEARD_DELAY } from './mp3-timeline';

/**
 * How much quieter LAME leaves a file than the samples it was given, in dB, for one sample rate and
 * bitrate. Its quantizer rounds spectral magnitudes down, and at the bitrates speech is delivered at
 * the whole file comes out quieter: a 1 kHz sine at 128 kbps / 44.1 kHz by 0.47 dB (native LAME and
 * ours alike, read by sox), the sample course's clips at 64 kbps / 22.05 kHz by 0.45 LU (ffmpeg's
 * ebur128), nothing at 320 kbps. So a clip shaped to -18 LUFS was heard at -18.45 and a lesson track
 * at down to -18.9. Measured on a speech-like signal encoded by LAME and decoded by mpg123 (for our
 * build, ahead: mp3-level-table.ts); encodeMp3 has LAME scale its input by it, so a file is heard at
 * the level it was shaped to.
 */
const losses = new Map<string, Promise<number>>();

/** The key of a rate and bitrate in MP3_LEVEL_LOSS_DB and the cache. */
export const levelLossKey = (sampleRate: number, bitrate: number): string => `${sampleRate}/${bitrate}`;

/** Never more than this: a measurement gone wrong must not push a file into clipping. */
const MAX_LOSS_DB = 1.5;
const CALIBRATION_SECONDS = 3;

/**
 * The loss for this rate and bitrate: from the table measured when our LAME was built
 * (mp3-level-table.ts; a unit test measures again and compares), else measured now, once per thread
 * (loading the decoder and encoding 3 s took 150 ms of each derive worker's first MP3).
 */
export function mp3LevelLossDb(sampleRate: number, bitrate: number, encode: (pcm: Int16Array) => Uint8Array): Promise<number> {
  const key = levelLossKey(sampleRate, bitrate);
  let loss = losses.get(key);
  if (!loss) {
    const known = MP3_LEVEL_LOSS_DB[key];
    loss = known !== undefined ? Promise.resolve(known) : measureMp3LevelLossDb(sampleRate, encode);
    losses.set(key, loss);
  }
  return loss;
}

/** The loss measured now: `encode` (LAME at scale 1) on the calibration signal, decoded by mpg123. */
export async function measureMp3LevelLossDb(sampleRate: number, encode: (pcm: Int16Array) => Uint8Array): Promise<number> {
  const input = speechLikeSignal(sampleRate);
  // Compared as heard: the decoded file carries the codec's delay in front of the samples.
  const heard = new Float32Array(input.length + MP3_HEARD_DELAY);
  heard.set(input, MP3_HEARD_DELAY);
  const before = integratedLoudness(heard, sampleRate);
  const decoded = await decodeMp3(encode(Int16Array.from(input, (sample) => Math.round(sample * 32767))));
  const after = integratedLoudness(decoded.samples, decoded.sampleRate);
  const loss = before - after;
  return Number.isFinite(loss) ? Math.max(0, Math.min(MAX_LOSS_DB, loss)) : 0;
}

/**
 * A deterministic voice-like signal at about -18 LUFS: a ~120 Hz glottal tone with falling harmonics up
 * to the Nyquist frequency, syllables four times a second, a breath of noise in each. The tone is one
 * period computed once and repeated (a sum of sines per sample took 180 ms of a worker's time).
 */
function speechLikeSignal(sampleRate: number): Float32Array {
  const period = Math.round(sampleRate / 120);
  const harmonics = Math.floor(period / 2) - 1;
  const cycle = new Float32Array(period);
  for (let i = 0; i < period; i++) for (let k = 1; k <= harmonics; k++) cycle[i]! += Math.sin((2 * Math.PI * k * i) / period + k) / k;
  const out = new Float32Array(Math.round(sampleRate * CALIBRATION_SECONDS));
  let noise = 12_345;
  for (let i = 0; i < out.length; i++) {
    noise = (noise * 1_103_515_245 + 12_345) % 2_147_483_648;
    const syllable = Math.max(0, Math.sin((Math.PI * 4 * i) / sampleRate)) ** 1.5;
    out[i] = syllable * (0.12 * cycle[i % period]! + 0.03 * (noise / 1_073_741_824 - 1));
  }
  return out;
}
