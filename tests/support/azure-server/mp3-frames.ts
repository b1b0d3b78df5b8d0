/**
 * Splits an MPEG-1/2/2.5 Layer III stream into frames, so streamed chunks hold whole frames
 * (each chunk then starts with a frame sync, as a streaming decoder expects).
 */

const BITRATES_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const SAMPLE_RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

export interface Mp3Frame {
  readonly offset: number;
  readonly length: number;
  /** Samples per channel in this frame (1152 for MPEG-1, 576 for MPEG-2/2.5). */
  readonly samples: number;
  readonly sampleRate: number;
}

/** Reads the Layer III frame header at `offset`, or undefined if there is none. */
export function readFrameHeader(buf: Uint8Array, offset: number): Mp3Frame | undefined {
  if (offset + 4 > buf.length) return undefined;
  const b1 = buf[offset + 1] ?? 0;
  const b2 = buf[offset + 2] ?? 0;
  if (buf[offset] !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const version = (b1 >> 3) & 0x03; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
  const layer = (b1 >> 1) & 0x03; // 1 = Layer III
  if (version === 1 || layer !== 1) return undefined;
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 0x03;
  const padding = (b2 >> 1) & 0x01;
  const kbps = (version === 3 ? BITRATES_V1 : BITRATES_V2)[bitrateIndex];
  const sampleRate = SAMPLE_RATES[version]?.[rateIndex];
  if (!kbps || !sampleRate) return undefined;
  const samples = version === 3 ? 1152 : 576;
  const length = Math.floor(((samples / 8) * kbps * 1000) / sampleRate) + padding;
  return { offset, length, samples, sampleRate };
}

/** All frames of a stream that starts on a frame boundary; stops at the first non-frame. */
export function splitFrames(buf: Uint8Array): Mp3Frame[] {
  const frames: Mp3Frame[] = [];
  let offset = 0;
  while (offset < buf.length) {
    const frame = readFrameHeader(buf, offset);
    if (!frame || frame.offset + frame.length > buf.length) break;
    frames.push(frame);
    offset += frame.length;
  }
  return frames;
}
