import { decodeMp3 } from '../output/mp3-decode';
import type { LoudnessTarget } from './shaping';
import { truePeakDbtp } from './true-peak';

/**
 * Keeps an MP3 under the true-peak ceiling as a player decodes it, not only as its samples were. At low
 * bitrates LAME's coding noise lifts the peaks of speech over the samples it was given: a lesson track
 * whose loudest clip met -1.5 dBTP exactly read -0.9 dBTP at 32 kbps (ffmpeg's ebur128), while at
 * 64 kbps the file read 0.4 dB under its samples. So at those bitrates a file whose samples come near
 * the ceiling is decoded (mpg123) and measured, and encoded again with the excess taken off.
 */

/** The highest bitrate at which the codec lifts ordinary speech's peaks (measured overshoot: 32-48 kbps). */
export const MP3_PEAK_CHECK_UP_TO_KBPS = 48;
/** Samples peaking this far under the ceiling, or farther, are never lifted over it by the codec at those bitrates. */
const CHECK_WITHIN_DB = 2;
/**
 * At any bitrate, hard-limited speech (a target with less room under its ceiling than
 * HARD_LIMITED_BELOW_DB, such as -14 LUFS under -1 dBTP) is checked within this of the ceiling: it has
 * many peaks there, and LAME's noise lifted 64 kbps lesson tracks of it to -0.7 dBTP (-14 / -1) and
 * 0.0 dBTP (-12 / -1). Ordinary speech is not: at the default -18 / -1.5 (16.5 dB of room), with its
 * samples held under the ceiling less LAME's peak rise (mp3-shaping.ts), every file of the sample course
 * read -1.86 dBTP or lower by ffmpeg, and checking every clip near it made building the sample course's
 * MP3 tracks 50 % slower.
 */
const CHECK_NEAR_DB = 1;
/**
 * Room (dB) between the ceiling and the target under which speech counts as hard-limited for that check.
 * 16: at -16 LUFS under -1 dBTP (15 dB) a 64 kbps lesson track of the sample course read -0.95 dBTP by ffmpeg,
 * its samples held at -1.83; at -17 / -1 (16 dB) every file read -1.28 dBTP or lower.
 */
const HARD_LIMITED_BELOW_DB = 16;
/** Taken off beyond the excess, so the next encoding (its noise differs a little) lands under too. */
const MARGIN_DB = 0.15;
/**
 * What a file is held to under the ceiling as mpg123 and our meter read it: other decoders and meters
 * read a tenth or two apart (ffmpeg's ebur128 resamples to 192 kHz instead of 4x oversampling).
 */
const DECODER_SPREAD_DB = 0.2;
/** Encodings tried at most; the last is kept. */
const ROUNDS = 3;

/** The true peak (dBTP) of MP3 bytes as decoded (output/mp3-decode.ts). */
export async function decodedTruePeakDbtp(mp3: Uint8Array): Promise<number> {
  const { samples } = await decodeMp3(mp3);
  return samples.length ? truePeakDbtp(samples) : -Infinity;
}

/**
 * Whether a file at this bitrate and loudness target (none: loudness off, no ceiling), from samples
 * peaking at `samplesPeakDb()` (read only when it matters), needs its decoded peak checked.
 */
export function mp3PeakNeedsCheck(bitrateKbps: number, loudness: LoudnessTarget | undefined, samplesPeakDb: () => number): loudness is LoudnessTarget {
  if (!loudness) return false;
  const within = bitrateKbps <= MP3_PEAK_CHECK_UP_TO_KBPS ? CHECK_WITHIN_DB : loudness.truePeak - loudness.integrated < HARD_LIMITED_BELOW_DB ? CHECK_NEAR_DB : undefined;
  return within !== undefined && samplesPeakDb() > loudness.truePeak - within;
}

/**
 * `encode(1)`, then, while the decoded file peaks over `ceilingDbtp` (less DECODER_SPREAD_DB),
 * `encode(gain)` with the excess (and MARGIN_DB) taken off, ROUNDS encodings at most. Returns what
 * the last encoding gave, the gain (dB, <= 0) it was made with and its decoded true peak.
 */
export async function encodedUnderCeiling<T>(
  encode: (gain: number) => Promise<T>,
  bytesOf: (encoded: T) => Uint8Array,
  ceilingDbtp: number,
): Promise<{ encoded: T; gainDb: number; peakDbtp: number }> {
  const held = ceilingDbtp - DECODER_SPREAD_DB;
  let gainDb = 0;
  for (let round = 1; ; round++) {
    const encoded = await encode(10 ** (gainDb / 20));
    const peakDbtp = await decodedTruePeakDbtp(bytesOf(encoded));
    if (!(peakDbtp > held) || round === ROUNDS) return { encoded, gainDb, peakDbtp };
    gainDb += held - MARGIN_DB - peakDbtp;
  }
}

/** The largest |sample| of Int16 PCM (full scale 32768) or of floats (full scale 1), in dBFS. */
export function samplePeakDb(pcm: Int16Array | Float32Array): number {
  const fullScale = pcm instanceof Int16Array ? 32768 : 1;
  let peak = 0;
  for (let i = 0; i < pcm.length; i++) {
    const value = Math.abs(pcm[i]!);
    if (value > peak) peak = value;
  }
  return peak === 0 ? -Infinity : 20 * Math.log10(peak / fullScale);
}

/** `pcm` times `gain` (<= 1), as a new Int16Array. */
export function scaledInt16(pcm: Int16Array, gain: number): Int16Array {
  const out = new Int16Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = Math.round(pcm[i]! * gain);
  return out;
}
