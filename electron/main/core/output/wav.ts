/**
 * WAV (RIFF/WAVE, PCM) encoding and header parsing. No dependencies: a canonical 44-byte header
 * followed by little-endian Int16 samples.
 */

/** Size of the canonical header `encodeWav` writes (RIFF + fmt chunk of 16 bytes + data chunk header). */
export const WAV_HEADER_BYTES = 44;

/** What a WAV header says about its audio. */
export interface WavInfo {
  /** 1 = integer PCM, 3 = IEEE float, 0xFFFE = WAVE_FORMAT_EXTENSIBLE. */
  readonly audioFormat: number;
  readonly channels: number;
  readonly sampleRate: number;
  readonly bitsPerSample: number;
  /** Bytes per sample frame (all channels). */
  readonly blockAlign: number;
  /** Offset of the first sample byte. */
  readonly dataOffset: number;
  /** Bytes of sample data actually present (clamped to the buffer for streamed or truncated files). */
  readonly dataBytes: number;
  /** Sample frames (per channel). */
  readonly frames: number;
  /** frames / sampleRate, in ms (not rounded). */
  readonly durationMs: number;
}

/**
 * Encodes mono Int16 PCM as a WAV file (44-byte header + samples).
 * The result is a fresh buffer; `samples` is not retained.
 */
export function encodeWav(samples: Int16Array, sampleRate: number): Uint8Array {
  const { bytes, samples: body } = silentWav(samples.length, sampleRate);
  body.set(samples);
  return bytes;
}

/**
 * A mono 16-bit WAV file of `frames` samples of digital silence, and its samples as an Int16Array
 * over the same memory, for a writer that places audio into it (a lesson track: deliver/track-wav.ts)
 * without building the signal first and copying it. The samples are little-endian on disk: this needs
 * a little-endian host (every platform Electron runs on).
 */
export function silentWav(frames: number, sampleRate: number): { bytes: Uint8Array; samples: Int16Array } {
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) throw new RangeError(`encodeWav: invalid sample rate ${sampleRate}`);
  if (!IS_LITTLE_ENDIAN) throw new Error('WAV writing needs a little-endian host');
  const channels = 1;
  const bitsPerSample = 16;
  const blockAlign = channels * (bitsPerSample / 8);
  const dataBytes = frames * blockAlign;
  if (WAV_HEADER_BYTES - 8 + dataBytes > 0xffff_ffff) throw new RangeError('encodeWav: audio too long for a RIFF file (4 GiB)');

  const bytes = new Uint8Array(WAV_HEADER_BYTES + dataBytes);
  const view = new DataView(bytes.buffer);
  writeAscii(bytes, 0, 'RIFF');
  view.setUint32(4, WAV_HEADER_BYTES - 8 + dataBytes, true);
  writeAscii(bytes, 8, 'WAVE');
  writeAscii(bytes, 12, 'fmt ');
  view.setUint32(16, 16, true); // fmt chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * blockAlign, true); // byte rate
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, bitsPerSample, true);
  writeAscii(bytes, 36, 'data');
  view.setUint32(40, dataBytes, true);
  return { bytes, samples: new Int16Array(bytes.buffer, WAV_HEADER_BYTES, frames) };
}

/**
 * Parses a RIFF/WAVE header by walking its chunks (so `LIST`/`fact` chunks before `data`, as other
 * writers emit, are fine). Throws a descriptive Error when the bytes are not a WAV file.
 */
export function parseWavHeader(bytes: Uint8Array): WavInfo {
  if (bytes.length < 12 || readAscii(bytes, 0, 4) !== 'RIFF' || readAscii(bytes, 8, 4) !== 'WAVE') {
    throw new Error('Not a WAV file: missing RIFF/WAVE signature');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 12;
  let fmt: { audioFormat: number; channels: number; sampleRate: number; blockAlign: number; bitsPerSample: number } | undefined;
  while (offset + 8 <= bytes.length) {
    const id = readAscii(bytes, offset, 4);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) throw new Error('Invalid WAV file: truncated fmt chunk');
      fmt = {
        audioFormat: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        blockAlign: view.getUint16(body + 12, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!fmt) throw new Error('Invalid WAV file: data chunk before fmt chunk');
      if (fmt.channels === 0 || fmt.sampleRate === 0 || fmt.blockAlign === 0) throw new Error('Invalid WAV file: zero channels, sample rate or block size');
      // Streaming writers put 0 or 0xFFFFFFFF here; trust the bytes that are actually present.
      const available = bytes.length - body;
      const dataBytes = size === 0 || size > available ? available : size;
      const frames = Math.floor(dataBytes / fmt.blockAlign);
      return { ...fmt, dataOffset: body, dataBytes, frames, durationMs: (frames / fmt.sampleRate) * 1000 };
    }
    offset = body + size + (size % 2); // chunks are word-aligned
  }
  throw new Error(fmt ? 'Invalid WAV file: no data chunk' : 'Invalid WAV file: no fmt chunk');
}

/** Duration of a WAV file in ms, from its header and the bytes present. */
export function wavDurationMs(bytes: Uint8Array): number {
  return parseWavHeader(bytes).durationMs;
}

const IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function writeAscii(target: Uint8Array, offset: number, text: string): void {
  for (let i = 0; i < text.length; i++) target[offset + i] = text.charCodeAt(i);
}

function readAscii(source: Uint8Array, offset: number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += String.fromCharCode(source[offset + i] ?? 0);
  return text;
}
