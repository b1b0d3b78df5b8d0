import { MPEGDecoder } from 'mpg123-decoder';
import { truePeakDbtp } from './true-peak';

/**
 * Keeps an MP3 under the true-peak ceiling as a player decodes it, not only as its samples were. At low
 * bitrates LAME's coding noise lifts the peaks of speech over the samples it was given: a lesson track
 * whose loudest clip met -1.5 dBTP exactly read -0.9 dBTP at 32 kbps (ffmpeg's ebur128), while at
 * 64 kbps the file read 0.4 dB under its samples. So at those bitrates a file whose samples come near
 * the ceiling is decoded (mpg123) and measured, and encoded again with the excess taken off.
 */

/** The highest bitrate at which the decoded file is checked (measured overshoot: 32-48 kbps). */
export const MP3_PEAK_CHECK_UP_TO_KBPS = 48;
/** Samples peaking this far under the ceiling, or farther, are never lifted over it by the codec. */
const CHECK_WITHIN_DB = 2;
/** Taken off beyond the excess, so the next encoding (its noise differs a little) lands under too. */
const MARGIN_DB = 0.15;
/**
 * What a file is held to under the ceiling as mpg123 and our meter read it: other decoders and meters
 * read a tenth or two apart (ffmpeg's ebur128 resamples to 192 kHz instead of 4x oversampling).
 */
const DECODER_SPREAD_DB = 0.2;
/** Encodings tried at most; the last is kept. */
const ROUNDS = 3;

let decoderPromise: Promise<MPEGDecoder> | undefined;
/** Decodes one after another: a decode and the reset after it must not interleave with another file's. */
let decoding: Promise<unknown> = Promise.resolve();

/** The true peak (dBTP) of MP3 bytes as decoded. One decoder per thread, reset after every file. */
export function decodedTruePeakDbtp(mp3: Uint8Array): Promise<number> {
  decoderPromise ??= (async () => {
    const decoder = new MPEGDecoder();
    await decoder.ready;
    return decoder;
  })();
  const peak = decoding.then(async () => {
    const decoder = await decoderPromise!;
    try {
      const decoded = decoder.decode(mp3);
      return decoded.channelData[0] ? truePeakDbtp(decoded.channelData[0]) : -Infinity;
    } finally {
      await decoder.reset();
    }
  });
  decoding = peak.catch(() => undefined);
  return peak;
}

/**
 * Whether a file at this bitrate, from samples peaking at `samplesPeakDb()` (only read at a low
 * bitrate: the default bitrates never pay for it), needs its decoded peak checked.
 */
export function mp3PeakNeedsCheck(bitrateKbps: number, ceilingDbtp: number | undefined, samplesPeakDb: () => number): ceilingDbtp is number {
  return ceilingDbtp !== undefined && bitrateKbps <= MP3_PEAK_CHECK_UP_TO_KBPS && samplesPeakDb() > ceilingDbtp - CHECK_WITHIN_DB;
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

/** The largest |sample| of Int16 PCM, in dBFS. */
export function int16PeakDb(pcm: Int16Array): number {
  let peak = 0;
  for (let i = 0; i < pcm.length; i++) {
    const value = pcm[i]!;
    if (value > peak) peak = value;
    else if (-value > peak) peak = -value;
  }
  return peak === 0 ? -Infinity : 20 * Math.log10(peak / 32768);
}

/** `pcm` times `gain` (<= 1), as a new Int16Array. */
export function scaledInt16(pcm: Int16Array, gain: number): Int16Array {
  const out = new Int16Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = Math.round(pcm[i]! * gain);
  return out;
}
