/**
 * Turns float samples into the bytes of the requested output format, cut into the chunks the
 * server streams (one binary frame each, about 100 ms of audio per chunk).
 *   pcm16      little-endian signed 16-bit, no header (never RIFF, docs/design/azure-tts-protocol.md section 1.6)
 *   mulaw/alaw G.711, 8 bit
 *   mp3        the product's own encoder (core/output/mp3.ts: LAME, CBR at the format's bitrate and
 *              sample rate, no Xing/Info tag); chunks are cut on frame boundaries found by the product's
 *              MP3 reader (core/output/mp3-frames.ts), so each starts with a frame sync
 */
import { encodeMp3 as encodeMp3Stream, type Mp3Bitrate } from '../../../electron/main/core/output/mp3';
import { mp3Frames } from '../../../electron/main/core/output/mp3-frames';
import type { OutputFormat } from './output-formats';

export interface AudioChunk {
  readonly bytes: Buffer;
  /** Audio time covered up to the end of this chunk, in ms. */
  readonly endMs: number;
}

export const CHUNK_MS = 100;

function toPcm16(samples: Float32Array): Buffer {
  const out = Buffer.allocUnsafe(samples.length * 2);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.max(-1, Math.min(1, samples[i] ?? 0));
    out.writeInt16LE(Math.round(v * 32767), i * 2);
  }
  return out;
}

function linearToMulaw(sample: number): number {
  const BIAS = 0x84;
  const CLIP = 32635;
  let s = Math.round(sample * 32767);
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  s = Math.min(CLIP, s) + BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

function linearToAlaw(sample: number): number {
  let s = Math.round(sample * 32767) >> 3; // 13-bit
  let mask = 0xd5;
  if (s < 0) {
    mask = 0x55;
    s = -s - 1;
  }
  const segEnds = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];
  let seg = segEnds.findIndex((end) => s <= end);
  if (seg < 0) return 0x7f ^ mask;
  const aval = seg << 4;
  seg = seg < 2 ? (s >> 1) & 0x0f : (s >> seg) & 0x0f;
  return (aval | seg) ^ mask;
}

function toG711(samples: Float32Array, law: 'mulaw' | 'alaw'): Buffer {
  const out = Buffer.allocUnsafe(samples.length);
  const encode = law === 'mulaw' ? linearToMulaw : linearToAlaw;
  for (let i = 0; i < samples.length; i++) out[i] = encode(Math.max(-1, Math.min(1, samples[i] ?? 0)));
  return out;
}

function frameSamples(format: OutputFormat): number {
  return Math.round((format.sampleRate * CHUNK_MS) / 1000);
}

function splitFixed(bytes: Buffer, bytesPerSample: number, samplesPerChunk: number, sampleRate: number): AudioChunk[] {
  const chunks: AudioChunk[] = [];
  const step = samplesPerChunk * bytesPerSample;
  for (let offset = 0; offset < bytes.length; offset += step) {
    const end = Math.min(bytes.length, offset + step);
    chunks.push({ bytes: bytes.subarray(offset, end), endMs: (end / bytesPerSample / sampleRate) * 1000 });
  }
  return chunks;
}

async function encodeMp3(samples: Float32Array, format: OutputFormat): Promise<AudioChunk[]> {
  const frames = mp3Frames(await encodeMp3Stream(samples, format.sampleRate, { bitrate: format.bitrateKbps as Mp3Bitrate }));
  const durationMs = (samples.length / format.sampleRate) * 1000;
  const target = frameSamples(format);
  const chunks: AudioChunk[] = [];
  let pending: Uint8Array[] = [];
  let chunkSamples = 0;
  let total = 0;
  frames.forEach((frame, i) => {
    pending.push(frame.data);
    chunkSamples += frame.samples;
    total += frame.samples;
    if (chunkSamples >= target || i === frames.length - 1) {
      // The last chunk ends at the clip's length (LAME's padding is not audio the service reports).
      const endMs = i === frames.length - 1 ? durationMs : Math.min(durationMs, (total / format.sampleRate) * 1000);
      chunks.push({ bytes: Buffer.concat(pending), endMs });
      pending = [];
      chunkSamples = 0;
    }
  });
  return chunks;
}

/** Encodes the whole clip and cuts it into streaming chunks. */
export async function encodeAudio(samples: Float32Array, format: OutputFormat): Promise<AudioChunk[]> {
  switch (format.encoding) {
    case 'pcm16':
      return splitFixed(toPcm16(samples), 2, frameSamples(format), format.sampleRate);
    case 'mulaw':
    case 'alaw':
      return splitFixed(toG711(samples, format.encoding), 1, frameSamples(format), format.sampleRate);
    case 'mp3':
      return encodeMp3(samples, format);
  }
}
