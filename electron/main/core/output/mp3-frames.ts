/**
 * What an MP3 holds (frames, rate, duration), read with `codec-parser` rather than by hand. Around the
 * library, only what it leaves to its caller:
 *  - tags: an ID3v2 tag at the start is skipped by its own syncsafe size (plus its footer), so MPEG
 *    frames inside a tag's body (cover art can hold some) are never counted; ID3v1 and APEv2 tags at
 *    the end are cut off, so the last frame is still followed by nothing but the end of the stream.
 *  - junk: handled as the library documents: a frame counts once the next frame is found right after
 *    it (or it is the stream's last), so a frame followed by junk is dropped and counting resumes at the
 *    next confirmed frame. ffprobe's decoder counts such a stream the same way.
 *  - a Xing/Info (or VBRI) frame at the start decodes to silence in tag-aware decoders: it is not
 *    counted, and its LAME extension gives the encoder delay and padding (gapless length).
 */
import CodecParser, { type CodecFrame, type MPEGHeader } from 'codec-parser';

export type MpegVersion = 1 | 2 | 2.5;

/** One MPEG audio frame as found in the stream (its bytes include the 4-byte header). */
export interface Mp3Frame {
  readonly data: Uint8Array;
  /** Samples per channel in this frame (1152 for MPEG-1 layer II/III, 576 for MPEG-2/2.5 layer III, 384 for layer I). */
  readonly samples: number;
  readonly sampleRate: number;
  readonly channels: 1 | 2;
  readonly bitrateKbps: number;
  readonly version: MpegVersion;
  readonly layer: 1 | 2 | 3;
}

/** What reading an MP3's frames found. */
export interface Mp3Info {
  readonly version: MpegVersion;
  readonly layer: 1 | 2 | 3;
  readonly sampleRate: number;
  readonly channels: 1 | 2;
  /** Audio frames counted (a Xing/Info/VBRI metadata frame is not one). */
  readonly frames: number;
  readonly samplesPerFrame: number;
  /** Mean bitrate over the audio frames, in kbps. */
  readonly bitrateKbps: number;
  /** frames x samplesPerFrame / sampleRate, in ms: what a decoder outputs (sox, browsers without gapless). */
  readonly durationMs: number;
  /** Present when the file has a Xing/Info (or VBRI) frame. */
  readonly vbrTag?: VbrTag;
  /** Duration without LAME's delay and padding, when a LAME tag says how much they are. */
  readonly gaplessDurationMs?: number;
}

export interface VbrTag {
  readonly kind: 'Xing' | 'Info' | 'VBRI';
  readonly frames?: number;
  /** LAME tag: samples the encoder added at the start / end. */
  readonly encoderDelay?: number;
  readonly encoderPadding?: number;
}

/** Every MPEG audio frame of the stream, tags removed (see the file comment). */
export function mp3Frames(bytes: Uint8Array): Mp3Frame[] {
  const parser = new CodecParser<CodecFrame>('audio/mpeg', { enableFrameCRC32: false });
  return parser.parseAll(withoutTags(bytes)).map((frame) => {
    const header = frame.header as MPEGHeader; // 'audio/mpeg' frames carry MPEG headers
    return {
      data: frame.data,
      samples: frame.samples,
      sampleRate: header.sampleRate,
      channels: header.channels === 1 ? 1 : 2,
      bitrateKbps: header.bitrate,
      version: header.mpegVersion.includes('2.5') ? 2.5 : header.mpegVersion.includes('Version 2') ? 2 : 1,
      layer: header.layer.endsWith('III') ? 3 : header.layer.endsWith('II') ? 2 : 1,
    };
  });
}

/** Reads an MP3's frames and returns what it found. Throws when there is no MPEG audio frame. */
export function parseMp3(bytes: Uint8Array): Mp3Info {
  const all = mp3Frames(bytes);
  const first = all[0];
  if (!first) throw new Error('Not an MP3 file: no MPEG audio frame found');
  const vbrTag = readVbrTag(first);
  // One stream: frames of another rate or layer are a false sync in junk, not audio.
  const frames = (vbrTag ? all.slice(1) : all).filter((frame) => frame.sampleRate === first.sampleRate && frame.layer === first.layer);
  const samples = frames.reduce((sum, frame) => sum + frame.samples, 0);
  const audioBytes = frames.reduce((sum, frame) => sum + frame.data.length, 0);
  const durationMs = (samples / first.sampleRate) * 1000;
  const info: Mp3Info = {
    version: first.version,
    layer: first.layer,
    sampleRate: first.sampleRate,
    channels: first.channels,
    frames: frames.length,
    samplesPerFrame: first.samples,
    bitrateKbps: durationMs > 0 ? (audioBytes * 8) / durationMs : first.bitrateKbps,
    durationMs,
    ...(vbrTag ? { vbrTag } : {}),
  };
  if (vbrTag?.encoderDelay === undefined || vbrTag.encoderPadding === undefined) return info;
  const gapless = Math.max(0, samples - vbrTag.encoderDelay - vbrTag.encoderPadding);
  return { ...info, gaplessDurationMs: (gapless / first.sampleRate) * 1000 };
}

/** Duration of an MP3 in ms as a decoder outputs it (frames x samples per frame / rate; not rounded). */
export function mp3DurationMs(bytes: Uint8Array): number {
  return parseMp3(bytes).durationMs;
}

/** The bytes between any leading ID3v2 tags and any trailing ID3v1 / APEv2 tags. */
function withoutTags(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start + 10 <= bytes.length && ascii(bytes, start, 3) === 'ID3') {
    const size = ((at(bytes, start + 6) & 0x7f) << 21) | ((at(bytes, start + 7) & 0x7f) << 14) | ((at(bytes, start + 8) & 0x7f) << 7) | (at(bytes, start + 9) & 0x7f);
    const footer = at(bytes, start + 5) & 0x10 ? 10 : 0;
    start += 10 + size + footer;
  }
  let end = bytes.length;
  for (let trimmed = true; trimmed && end > start;) {
    trimmed = false;
    if (end - 128 >= start && ascii(bytes, end - 128, 3) === 'TAG') {
      end -= 128;
      trimmed = true;
    }
    if (end - 32 >= start && ascii(bytes, end - 32, 8) === 'APETAGEX') {
      // APEv2 footer: tag size (items + footer) at +12, flags at +20 (bit 31: a 32-byte header precedes the items).
      const size = u32le(bytes, end - 20);
      const header = u32le(bytes, end - 12) & 0x80000000 ? 32 : 0;
      end = Math.max(start, end - size - header);
      trimmed = true;
    }
  }
  return bytes.subarray(Math.min(start, bytes.length), end);
}

/** A Xing/Info (LAME) tag in a layer III frame's side-info gap, or a VBRI tag at its fixed place. */
function readVbrTag(frame: Mp3Frame): VbrTag | undefined {
  if (frame.layer !== 3) return undefined;
  const { data } = frame;
  const sideInfo = frame.version === 1 ? (frame.channels === 1 ? 17 : 32) : frame.channels === 1 ? 9 : 17;
  // Writers disagree on whether a CRC shifts the tag; look in both places.
  for (const offset of [4 + sideInfo, 6 + sideInfo]) {
    const kind = ascii(data, offset, 4);
    if (kind !== 'Xing' && kind !== 'Info') continue;
    const flags = u32be(data, offset + 4);
    let p = offset + 8;
    const frames = flags & 1 ? u32be(data, p) : undefined;
    p += (flags & 1 ? 4 : 0) + (flags & 2 ? 4 : 0) + (flags & 4 ? 100 : 0) + (flags & 8 ? 4 : 0);
    const tag = { kind, ...(frames !== undefined ? { frames } : {}) } as const;
    // LAME extension: a 9-byte encoder string, then delay and padding (12 bits each) at +21.
    const encoder = ascii(data, p, 4);
    if ((encoder !== 'LAME' && encoder !== 'Lavf' && encoder !== 'Lavc') || p + 24 > data.length) return tag;
    const [d0, d1, d2] = [at(data, p + 21), at(data, p + 22), at(data, p + 23)];
    return { ...tag, encoderDelay: (d0 << 4) | (d1 >> 4), encoderPadding: ((d1 & 0x0f) << 8) | d2 };
  }
  if (ascii(data, 36, 4) === 'VBRI') return { kind: 'VBRI', frames: u32be(data, 36 + 14) };
  return undefined;
}

const at = (bytes: Uint8Array, offset: number): number => bytes[offset] ?? 0;

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  if (offset < 0 || offset + length > bytes.length) return '';
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

function u32be(bytes: Uint8Array, offset: number): number {
  return ((at(bytes, offset) << 24) >>> 0) + (at(bytes, offset + 1) << 16) + (at(bytes, offset + 2) << 8) + at(bytes, offset + 3);
}

function u32le(bytes: Uint8Array, offset: number): number {
  return ((at(bytes, offset + 3) << 24) >>> 0) + (at(bytes, offset + 2) << 16) + (at(bytes, offset + 1) << 8) + at(bytes, offset);
}
