/**
 * The frame format of our MP3 streams (mono layer III, constant bitrate, as mp3.ts has LAME write them)
 * and a frame of digital silence in that format, so a lesson track's pauses are spliced in as frames
 * instead of being encoded (mp3-splice.ts).
 *
 * A silent frame is the 4-byte header LAME writes (no CRC, mono, "original" set), all-zero side info
 * (main_data_begin 0: it borrows nothing from earlier frames; part2_3_length 0 and big_values 0: no
 * Huffman data, so every spectral line is zero) and zero stuffing to the frame's size. The stuffing is
 * reservoir space a following frame could borrow, but the frames that follow one are silent frames or
 * the first frame of a LAME stream, whose main_data_begin is 0 too.
 *
 * Strictly CBR: a frame is floor(coef x bitrate / rate) bytes, plus the padding byte whenever the bytes
 * so far fall behind the exact bitrate (`padsSilentFrame`), the rule LAME follows, so the file's mean
 * bitrate stays the nominal one (ffprobe estimates an untagged MP3's duration from it).
 */
import { encodeMp3, type Mp3Bitrate } from './mp3';
import { mp3Frames } from './mp3-frames';
import { mp3SamplesPerFrame } from './mp3-timeline';

export interface Mp3FrameFormat {
  readonly sampleRate: number;
  readonly bitrate: Mp3Bitrate;
  /** 1 = MPEG-1 (32-48 kHz), 2 = MPEG-2 (16-24 kHz), 2.5 = MPEG-2.5 (8-12 kHz). */
  readonly version: 1 | 2 | 2.5;
  readonly samplesPerFrame: 576 | 1152;
  /** Size of an unpadded frame; a padded one is a byte longer. */
  readonly frameBytes: number;
  /** A frame's exact size is `exactBytesNumerator / sampleRate` bytes. */
  readonly exactBytesNumerator: number;
  /** The header's first three bytes, padding bit clear (the fourth is MONO_HEADER_BYTE_3). */
  readonly header: readonly [number, number, number];
}

/** Mono, no mode extension, not copyrighted, original, no emphasis: what LAME writes. */
const MONO_HEADER_BYTE_3 = 0xc4;
const PADDING_BIT = 0x02;

const RATES = { 1: [44_100, 48_000, 32_000], 2: [22_050, 24_000, 16_000], 2.5: [11_025, 12_000, 8_000] } as const;
const VERSION_BITS = { 1: 0b11, 2: 0b10, 2.5: 0b00 } as const;
const BITRATES_MPEG1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_MPEG2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

const formats = new Map<string, Mp3FrameFormat>();

/** The frame format of a mono CBR layer III stream at `sampleRate` and `bitrate`. Throws for a pair MPEG has no frame for. */
export function mp3FrameFormat(sampleRate: number, bitrate: Mp3Bitrate): Mp3FrameFormat {
  const id = `${sampleRate}/${bitrate}`;
  const known = formats.get(id);
  if (known) return known;
  const version = ([1, 2, 2.5] as const).find((candidate) => (RATES[candidate] as readonly number[]).includes(sampleRate));
  if (version === undefined) throw new RangeError(`MP3 has no ${sampleRate} Hz sample rate`);
  const bitrateIndex = (version === 1 ? BITRATES_MPEG1 : BITRATES_MPEG2).indexOf(bitrate);
  if (bitrateIndex <= 0) throw new RangeError(`MP3 at ${sampleRate} Hz has no ${bitrate} kbps bitrate`);
  const rateIndex = (RATES[version] as readonly number[]).indexOf(sampleRate);
  const exactBytesNumerator = (version === 1 ? 144_000 : 72_000) * bitrate;
  const format: Mp3FrameFormat = {
    sampleRate,
    bitrate,
    version,
    samplesPerFrame: mp3SamplesPerFrame(sampleRate),
    frameBytes: Math.floor(exactBytesNumerator / sampleRate),
    exactBytesNumerator,
    // Sync (11 bits), version, layer III (01), no CRC (1); bitrate, rate, padding 0, private 0.
    header: [0xff, 0xe0 | (VERSION_BITS[version] << 3) | 0b011, (bitrateIndex << 4) | (rateIndex << 2)],
  };
  formats.set(id, format);
  return format;
}

const lameFormats = new Map<string, Promise<Mp3FrameFormat>>();

/**
 * The frame format LAME writes when asked for `sampleRate` and `bitrate`: not always that pair, as
 * LAME keeps to what MPEG allows (192 kbps at 22.05 kHz becomes 160) and resamples for low bitrates
 * (48 kHz at 32 kbps becomes 22.05 kHz). Read off one frame of its output, once per pair and thread.
 */
export function lameFrameFormat(sampleRate: number, bitrate: Mp3Bitrate): Promise<Mp3FrameFormat> {
  const id = `${sampleRate}/${bitrate}`;
  let format = lameFormats.get(id);
  if (!format) {
    // Its first frame's header, read by mp3-frames.ts (the project's MP3 reader).
    format = encodeMp3(new Float32Array(1), sampleRate, { bitrate }).then((stream) => {
      const [first] = mp3Frames(stream);
      if (!first) throw new Error(`LAME wrote no MPEG frame at ${sampleRate} Hz, ${bitrate} kbps`);
      return mp3FrameFormat(first.sampleRate, first.bitrateKbps as Mp3Bitrate);
    });
    format.catch(() => lameFormats.delete(id)); // let the next call retry
    lameFormats.set(id, format);
  }
  return format;
}

const silentFrames = new Map<string, Uint8Array>();

/** A frame of digital silence in `format`, padded or not; built once per format and reused (do not modify it). */
export function silentMp3Frame(format: Mp3FrameFormat, padded: boolean): Uint8Array {
  const id = `${format.sampleRate}/${format.bitrate}/${padded ? 1 : 0}`;
  let frame = silentFrames.get(id);
  if (!frame) {
    frame = new Uint8Array(format.frameBytes + (padded ? 1 : 0)); // side info and stuffing: all zero
    frame.set([format.header[0], format.header[1], format.header[2] | (padded ? PADDING_BIT : 0), MONO_HEADER_BYTE_3]);
    silentFrames.set(id, frame);
  }
  return frame;
}

/**
 * Whether the next frame must carry the padding byte so that a stream of `framesBefore` frames and
 * `bytesBefore` bytes stays at the exact bitrate: it pads when the unpadded frame would leave the
 * bytes under the exact total.
 */
export function padsSilentFrame(format: Mp3FrameFormat, framesBefore: number, bytesBefore: number): boolean {
  const exactAfter = Math.floor(((framesBefore + 1) * format.exactBytesNumerator) / format.sampleRate);
  return bytesBefore + format.frameBytes < exactAfter;
}

/** Size in bytes of the frame whose header starts at `offset`, or undefined when that is not a frame of `format`. */
export function frameBytesAt(stream: Uint8Array, offset: number, format: Mp3FrameFormat): number | undefined {
  const [b0, b1, b2] = format.header;
  if (stream[offset] !== b0 || stream[offset + 1] !== b1 || ((stream[offset + 2] ?? -1) & ~PADDING_BIT) !== b2) return undefined;
  return format.frameBytes + ((stream[offset + 2]! & PADDING_BIT) !== 0 ? 1 : 0);
}
