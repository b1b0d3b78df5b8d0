/**
 * MP3 encoding: LAME compiled to wasm (our build: lame/README.md). The product's one MP3 encoder: the output
 * build derives every MP3 from a master with it, the offline engine uses it for a direct MP3 request,
 * and the local Azure server (tests/support/azure-server) streams its MP3 formats from it. Reading an
 * MP3 (frames, duration) is mp3-frames.ts.
 *
 * Nothing here touches main-thread-only APIs, so this module works in any worker thread.
 */
import { concatBytes } from '../bytes';
import { isMp3SampleRate, openLameStream, preloadLame } from './lame/lame-encoder';
import { mp3LevelLossDb } from './mp3-level';

/** Constant bitrates LAME accepts (MPEG-2/2.5 rates stop at 160, MPEG-1 rates start at 32). */
export type Mp3Bitrate = 8 | 16 | 24 | 32 | 40 | 48 | 64 | 80 | 96 | 112 | 128 | 160 | 192 | 224 | 256 | 320;

/**
 * A sensible constant bitrate for speech: 64 kbps for 22.05/24 kHz mono (eSpeak, Azure 24 kHz),
 * 96 kbps for 44.1/48 kHz mono. Stereo gets roughly 1.5x.
 */
export function mp3BitrateFor(sampleRate: number, channels: 1 | 2 = 1): Mp3Bitrate {
  if (channels === 1) {
    if (sampleRate <= 12_000) return 32;
    if (sampleRate <= 16_000) return 48;
    if (sampleRate <= 24_000) return 64;
    if (sampleRate <= 32_000) return 80;
    return 96;
  }
  if (sampleRate <= 12_000) return 48;
  if (sampleRate <= 16_000) return 64;
  if (sampleRate <= 24_000) return 96;
  if (sampleRate <= 32_000) return 128;
  return 160;
}

/**
 * The highest constant bitrate an MP3 at this sample rate can carry: MPEG-1 (32-48 kHz) 320 kbps,
 * MPEG-2 (16-24 kHz) 160, MPEG-2.5 (8-12 kHz) 64. LAME lowers a higher request to this on its own.
 */
export function maxMp3Bitrate(sampleRate: number): Mp3Bitrate {
  return sampleRate >= 32_000 ? 320 : sampleRate >= 16_000 ? 160 : 64;
}

/** `bitrate`, or the highest one `sampleRate` allows when it asks for more (what LAME would encode anyway). */
export function mp3BitrateWithin(bitrate: Mp3Bitrate, sampleRate: number): Mp3Bitrate {
  return Math.min(bitrate, maxMp3Bitrate(sampleRate)) as Mp3Bitrate;
}

export interface EncodeMp3Options {
  /** Constant bitrate in kbps; default `mp3BitrateFor(sampleRate, 1)`. */
  readonly bitrate?: Mp3Bitrate;
}

/** Loads the LAME wasm now, so the first `encodeMp3` does not pay for it. */
export async function preloadMp3Encoder(): Promise<void> {
  preloadLame();
}

/**
 * Mono PCM (Int16, or Float32 in [-1, 1]): one array, or consecutive pieces of one signal, encoded as one
 * stream without being joined in memory (a course-long lesson track is hours of audio).
 */
export type PcmInput = Int16Array | Float32Array | readonly Int16Array[] | readonly Float32Array[];

/**
 * Encodes mono PCM (Int16, or Float32 in [-1, 1]) to a constant-bitrate MP3 at the same sample rate.
 * The result has no ID3 or Xing/LAME tag: just MPEG frames, so it is slightly longer than the PCM
 * (LAME's encoder delay + padding, 50-80 ms at 22.05 kHz); `mp3DurationMs` measures what it plays. It
 * is heard at the level of `pcm`: LAME's own level loss is made up for (mp3-level.ts).
 */
export async function encodeMp3(pcm: PcmInput, sampleRate: number, options: EncodeMp3Options = {}): Promise<Uint8Array> {
  const bitrate = mp3BitrateWithin(options.bitrate ?? mp3BitrateFor(sampleRate, 1), sampleRate);
  const encode = mp3StreamEncoder(sampleRate, bitrate);
  // Raised by the level LAME takes off (mp3-level.ts), inside LAME, so the file is heard at the level of `pcm`.
  const lossDb = await mp3LevelLossDb(sampleRate, bitrate, encode);
  return encode(pcm, 10 ** (lossDb / 20));
}

/**
 * LAME reads a float as `x * 32767` (lame_encode_buffer_ieee_float) and an Int16 as is: floats are
 * scaled up by this, so a float and the Int16 it rounds to (`x * 32768`) are encoded at one level.
 */
const FLOAT_AS_INT16 = 32768 / 32767;

/**
 * Encodes a whole signal as one LAME stream at `sampleRate` and `bitrate` (which LAME carries at that
 * rate), its input times `scale`; no level make-up (encodeMp3 adds it).
 */
export function mp3StreamEncoder(sampleRate: number, bitrate: Mp3Bitrate): (pcm: PcmInput, scale?: number) => Uint8Array {
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) throw new RangeError(`encodeMp3: invalid sample rate ${sampleRate}`);
  // The output rate is set, not left to LAME: at 32-48 kbps LAME resamples on its own (48 kHz at 32 kbps
  // came out at 22.05 kHz), and the file was not at the rate the course asked for.
  const outputSampleRate = isMp3SampleRate(sampleRate) ? sampleRate : 0;
  return (pcm, scale = 1) => {
    const pieces: ReadonlyArray<Int16Array | Float32Array> = ArrayBuffer.isView(pcm) ? [pcm] : pcm;
    const stream = openLameStream({ sampleRate, outputSampleRate, bitrate, scale: pieces[0] instanceof Float32Array ? scale * FLOAT_AS_INT16 : scale });
    try {
      const frames = pieces.map((piece) => stream.encode(piece));
      frames.push(stream.finish());
      return concatBytes(frames);
    } finally {
      stream.close();
    }
  };
}
