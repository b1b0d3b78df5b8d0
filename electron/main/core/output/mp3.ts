/**
 * MP3 encoding (LAME compiled to wasm, via `wasm-media-encoders`) and MP3 duration by walking
 * frame headers (works for any MPEG-1/2/2.5 layer III stream, e.g. the bytes Azure returns).
 *
 * Nothing here touches main-thread-only APIs, so this module works in any worker thread that can
 * import TypeScript output. (The eSpeak worker is plain `.mjs` with no build step, so it carries its
 * own ~15-line copy of the encode loop and gets its bitrate from `mp3BitrateFor` via the job message.)
 */
import { createMp3Encoder, type WasmMediaEncoder } from 'wasm-media-encoders';

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

export interface EncodeMp3Options {
  /** Constant bitrate in kbps; default `mp3BitrateFor(sampleRate, 1)`. */
  readonly bitrate?: Mp3Bitrate;
}

/** Samples handed to LAME per call, so a long clip never needs one huge wasm allocation. */
const ENCODE_CHUNK = 1 << 16;

let encoderPromise: Promise<WasmMediaEncoder<'audio/mpeg'>> | undefined;

/**
 * The encoder of this thread, created once: the wasm is compiled and instantiated on first use and
 * then reused (`configure()` re-initialises LAME for every clip). Safe to share within a thread
 * because every encode runs configure/encode/finalize synchronously, without awaiting in between.
 */
function mp3Encoder(): Promise<WasmMediaEncoder<'audio/mpeg'>> {
  if (!encoderPromise) {
    encoderPromise = createMp3Encoder().catch((error: unknown) => {
      encoderPromise = undefined; // let the next call retry
      throw error;
    });
  }
  return encoderPromise;
}

/** Loads the LAME wasm now, so the first `encodeMp3` does not pay for it. */
export async function preloadMp3Encoder(): Promise<void> {
  await mp3Encoder();
}

/**
 * Encodes mono PCM (Int16, or Float32 in [-1, 1]) to a constant-bitrate MP3 at the same sample rate.
 * The result has no ID3 or Xing/LAME tag: just MPEG frames, so it is slightly longer than the PCM
 * (LAME's encoder delay + padding, 50-80 ms at 22.05 kHz); `mp3DurationMs` measures what it plays.
 */
export async function encodeMp3(pcm: Int16Array | Float32Array, sampleRate: number, options: EncodeMp3Options = {}): Promise<Uint8Array> {
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) throw new RangeError(`encodeMp3: invalid sample rate ${sampleRate}`);
  const encoder = await mp3Encoder();
  // From here on everything is synchronous: no other encode on this thread can interleave.
  encoder.configure({ sampleRate, channels: 1, bitrate: options.bitrate ?? mp3BitrateFor(sampleRate, 1) });
  const parts: Uint8Array[] = [];
  let total = 0;
  const push = (bytes: Uint8Array): void => {
    if (bytes.length === 0) return;
    parts.push(bytes.slice()); // the encoder owns (and reuses) the returned memory
    total += bytes.length;
  };
  const chunk = new Float32Array(Math.min(ENCODE_CHUNK, Math.max(pcm.length, 1)));
  for (let start = 0; start < pcm.length; start += ENCODE_CHUNK) {
    const end = Math.min(start + ENCODE_CHUNK, pcm.length);
    let input: Float32Array;
    if (pcm instanceof Float32Array) {
      input = pcm.subarray(start, end);
    } else {
      input = end - start === chunk.length ? chunk : chunk.subarray(0, end - start);
      for (let i = start; i < end; i++) input[i - start] = (pcm[i] ?? 0) / 32768;
    }
    push(encoder.encode([input]));
  }
  push(encoder.finalize());
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Duration by frame walking
// ---------------------------------------------------------------------------------------------

export type MpegVersion = 1 | 2 | 2.5;

/** What walking an MP3's frames found. */
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
  readonly vbrTag?: {
    readonly kind: 'Xing' | 'Info' | 'VBRI';
    readonly frames?: number;
    /** LAME tag: samples the encoder added at the start / end. */
    readonly encoderDelay?: number;
    readonly encoderPadding?: number;
  };
  /** Duration without LAME's delay and padding, when a LAME tag says how much they are. */
  readonly gaplessDurationMs?: number;
}

interface FrameHeader {
  readonly version: MpegVersion;
  readonly layer: 1 | 2 | 3;
  readonly protected: boolean;
  readonly bitrateKbps: number;
  readonly sampleRate: number;
  readonly channels: 1 | 2;
  readonly frameBytes: number;
  readonly samplesPerFrame: number;
}

const BITRATES_KBPS: Record<'v1l1' | 'v1l2' | 'v1l3' | 'v2l1' | 'v2l23', readonly number[]> = {
  v1l1: [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  v1l2: [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  v1l3: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  v2l1: [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  v2l23: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const SAMPLE_RATES: Record<'1' | '2' | '2.5', readonly number[]> = {
  '1': [44_100, 48_000, 32_000],
  '2': [22_050, 24_000, 16_000],
  '2.5': [11_025, 12_000, 8_000],
};

/** Parses the 4-byte frame header at `offset`, or returns undefined when it is not a valid one. */
function readFrameHeader(bytes: Uint8Array, offset: number): FrameHeader | undefined {
  if (offset + 4 > bytes.length) return undefined;
  const b1 = bytes[offset + 1] ?? 0;
  const b2 = bytes[offset + 2] ?? 0;
  const b3 = bytes[offset + 3] ?? 0;
  if (bytes[offset] !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const versionBits = (b1 >> 3) & 0b11;
  const layerBits = (b1 >> 1) & 0b11;
  if (versionBits === 0b01 || layerBits === 0b00) return undefined; // reserved
  const version: MpegVersion = versionBits === 0b11 ? 1 : versionBits === 0b10 ? 2 : 2.5;
  const layer = (4 - layerBits) as 1 | 2 | 3;
  const bitrateIndex = b2 >> 4;
  const sampleRateIndex = (b2 >> 2) & 0b11;
  if (bitrateIndex === 0 || bitrateIndex === 15 || sampleRateIndex === 3) return undefined; // free format / bad
  const table = version === 1 ? (layer === 1 ? 'v1l1' : layer === 2 ? 'v1l2' : 'v1l3') : layer === 1 ? 'v2l1' : 'v2l23';
  const bitrateKbps = BITRATES_KBPS[table][bitrateIndex] ?? 0;
  const sampleRate = SAMPLE_RATES[version === 1 ? '1' : version === 2 ? '2' : '2.5'][sampleRateIndex] ?? 0;
  const padding = (b2 >> 1) & 1;
  const channels: 1 | 2 = b3 >> 6 === 0b11 ? 1 : 2;
  let frameBytes: number;
  let samplesPerFrame: number;
  if (layer === 1) {
    frameBytes = (Math.floor((12_000 * bitrateKbps) / sampleRate) + padding) * 4;
    samplesPerFrame = 384;
  } else if (layer === 2 || version === 1) {
    frameBytes = Math.floor((144_000 * bitrateKbps) / sampleRate) + padding;
    samplesPerFrame = 1152;
  } else {
    frameBytes = Math.floor((72_000 * bitrateKbps) / sampleRate) + padding;
    samplesPerFrame = 576;
  }
  return { version, layer, protected: (b1 & 1) === 0, bitrateKbps, sampleRate, channels, frameBytes, samplesPerFrame };
}

/** Skips any ID3v2 tags at the start (syncsafe size, optional 10-byte footer). */
function skipId3v2(bytes: Uint8Array): number {
  let offset = 0;
  while (offset + 10 <= bytes.length && bytes[offset] === 0x49 && bytes[offset + 1] === 0x44 && bytes[offset + 2] === 0x33) {
    const flags = bytes[offset + 5] ?? 0;
    const size =
      (((bytes[offset + 6] ?? 0) & 0x7f) << 21) | (((bytes[offset + 7] ?? 0) & 0x7f) << 14) | (((bytes[offset + 8] ?? 0) & 0x7f) << 7) | ((bytes[offset + 9] ?? 0) & 0x7f);
    offset += 10 + size + (flags & 0x10 ? 10 : 0);
  }
  return offset;
}

function sameStream(a: FrameHeader, b: FrameHeader): boolean {
  return a.version === b.version && a.layer === b.layer && a.sampleRate === b.sampleRate;
}

/** A frame header is only trusted at a sync point if the next frame (when present) also parses. */
function isFrameStart(bytes: Uint8Array, offset: number, reference?: FrameHeader): FrameHeader | undefined {
  const header = readFrameHeader(bytes, offset);
  if (!header || (reference && !sameStream(header, reference))) return undefined;
  const next = offset + header.frameBytes;
  if (next + 4 <= bytes.length && !looksLikeTrailer(bytes, next)) {
    const following = readFrameHeader(bytes, next);
    if (!following || !sameStream(following, header)) return undefined;
  }
  return header;
}

function looksLikeTrailer(bytes: Uint8Array, offset: number): boolean {
  return ascii(bytes, offset, 3) === 'TAG' || ascii(bytes, offset, 8) === 'APETAGEX' || ascii(bytes, offset, 3) === 'ID3';
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  if (offset + length > bytes.length) return '';
  let text = '';
  for (let i = 0; i < length; i++) text += String.fromCharCode(bytes[offset + i] ?? 0);
  return text;
}

function u32be(bytes: Uint8Array, offset: number): number {
  return (((bytes[offset] ?? 0) << 24) >>> 0) + ((bytes[offset + 1] ?? 0) << 16) + ((bytes[offset + 2] ?? 0) << 8) + (bytes[offset + 3] ?? 0);
}

/** Reads a Xing/Info (LAME) or VBRI tag from the first frame, if there is one. */
function readVbrTag(bytes: Uint8Array, offset: number, header: FrameHeader): Mp3Info['vbrTag'] {
  if (header.layer !== 3) return undefined;
  const sideInfo = header.version === 1 ? (header.channels === 1 ? 17 : 32) : header.channels === 1 ? 9 : 17;
  // Writers disagree on whether a CRC shifts the tag; look in both places.
  for (const at of [offset + 4 + sideInfo, offset + 6 + sideInfo]) {
    const kind = ascii(bytes, at, 4);
    if (kind !== 'Xing' && kind !== 'Info') continue;
    const flags = u32be(bytes, at + 4);
    let p = at + 8;
    let frames: number | undefined;
    if (flags & 1) {
      frames = u32be(bytes, p);
      p += 4;
    }
    if (flags & 2) p += 4; // byte count
    if (flags & 4) p += 100; // TOC
    if (flags & 8) p += 4; // quality
    // LAME extension: 9-byte encoder string, then delay/padding at +21 (12 bits each).
    const encoder = ascii(bytes, p, 4);
    if ((encoder === 'LAME' || encoder === 'Lavf' || encoder === 'Lavc') && p + 24 <= offset + header.frameBytes) {
      const d0 = bytes[p + 21] ?? 0;
      const d1 = bytes[p + 22] ?? 0;
      const d2 = bytes[p + 23] ?? 0;
      return { kind, ...(frames !== undefined ? { frames } : {}), encoderDelay: (d0 << 4) | (d1 >> 4), encoderPadding: ((d1 & 0x0f) << 8) | d2 };
    }
    return { kind, ...(frames !== undefined ? { frames } : {}) };
  }
  if (ascii(bytes, offset + 36, 4) === 'VBRI') return { kind: 'VBRI', frames: u32be(bytes, offset + 36 + 14) };
  return undefined;
}

/** How far to look for the first frame after any ID3v2 tag (covers junk some muxers leave). */
const FIRST_FRAME_SEARCH = 64 * 1024;

/**
 * Walks every frame of an MPEG audio stream (skipping ID3v2 at the start, ID3v1/APE at the end, and
 * resynchronising over junk) and returns what it found. Throws when no MPEG frame is found.
 */
export function parseMp3(bytes: Uint8Array): Mp3Info {
  const start = skipId3v2(bytes);
  let offset = start;
  let first: FrameHeader | undefined;
  const searchEnd = Math.min(bytes.length, start + FIRST_FRAME_SEARCH);
  for (; offset < searchEnd; offset++) {
    first = isFrameStart(bytes, offset);
    if (first) break;
  }
  if (!first) throw new Error('Not an MP3 file: no MPEG audio frame found');

  const vbrTag = readVbrTag(bytes, offset, first);
  let frames = 0;
  let audioBytes = 0;
  if (vbrTag) offset += first.frameBytes; // the tag frame decodes to nothing in tag-aware decoders
  while (offset + 4 <= bytes.length) {
    const header = readFrameHeader(bytes, offset);
    if (header && sameStream(header, first)) {
      if (offset + header.frameBytes > bytes.length) break; // truncated last frame: not decodable
      frames++;
      audioBytes += header.frameBytes;
      offset += header.frameBytes;
      continue;
    }
    if (looksLikeTrailer(bytes, offset)) break;
    // Lost sync (junk between frames): search for the next trustworthy frame start.
    let resynced = false;
    for (let probe = offset + 1; probe + 4 <= bytes.length; probe++) {
      if (isFrameStart(bytes, probe, first)) {
        offset = probe;
        resynced = true;
        break;
      }
    }
    if (!resynced) break;
  }

  const durationMs = ((frames * first.samplesPerFrame) / first.sampleRate) * 1000;
  const seconds = durationMs / 1000;
  const info: Mp3Info = {
    version: first.version,
    layer: first.layer,
    sampleRate: first.sampleRate,
    channels: first.channels,
    frames,
    samplesPerFrame: first.samplesPerFrame,
    bitrateKbps: seconds > 0 ? (audioBytes * 8) / seconds / 1000 : first.bitrateKbps,
    durationMs,
    ...(vbrTag ? { vbrTag } : {}),
  };
  if (vbrTag?.encoderDelay !== undefined && vbrTag.encoderPadding !== undefined) {
    const samples = Math.max(0, frames * first.samplesPerFrame - vbrTag.encoderDelay - vbrTag.encoderPadding);
    return { ...info, gaplessDurationMs: (samples / first.sampleRate) * 1000 };
  }
  return info;
}

/** Duration of an MP3 in ms as a decoder outputs it (frames x samples per frame / rate; not rounded). */
export function mp3DurationMs(bytes: Uint8Array): number {
  return parseMp3(bytes).durationMs;
}
