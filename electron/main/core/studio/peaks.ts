import { parseWavHeader } from '../output/wav';

/** How many peaks a waveform gets: enough for a 600 px player, small enough for one IPC message. */
export const PEAK_COUNT = 200;

/**
 * Peak amplitudes (0..1, 3 decimals) of a WAV file's PCM, in `count` equal slices over its duration,
 * the loudest channel per slice. Handles 8/16/24/32-bit integer and 32-bit float PCM.
 *
 * MP3 gets no peaks from main (the caller returns []): drawing them needs a full decode, and no MP3
 * decoder is installed (our LAME build only encodes; sox is a test-only system tool). The page
 * decodes MP3 itself with Web Audio (renderer/src/features/player/decodedPeaks.ts), fetching the
 * preview URL: in Electron that is a cross-origin app://studio -> app://audio fetch, allowed by the
 * header CSP's `connect-src app:` and answered with `Access-Control-Allow-Origin: app://studio`
 * (app-requests.ts).
 */
export function wavPeaks(bytes: Uint8Array, count = PEAK_COUNT): number[] {
  const info = parseWavHeader(bytes);
  const { channels, frames, blockAlign, bitsPerSample, dataOffset } = info;
  const float = info.audioFormat === 3 || (info.audioFormat === 0xfffe && bitsPerSample === 32 && isFloatExtensible(bytes));
  const bytesPerSample = bitsPerSample / 8;
  if (!frames || ![1, 2, 3, 4].includes(bytesPerSample)) return [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = sampleReader(view, bytesPerSample, float);
  const slices = Math.min(count, frames);
  const peaks: number[] = [];
  for (let slice = 0; slice < slices; slice++) {
    const from = Math.floor((slice * frames) / slices);
    const to = Math.floor(((slice + 1) * frames) / slices);
    // Long files: look at up to ~2,000 frames per slice; peaks of speech do not need every sample.
    const step = Math.max(1, Math.floor((to - from) / 2_000));
    let peak = 0;
    for (let frame = from; frame < to; frame += step) {
      const base = dataOffset + frame * blockAlign;
      for (let channel = 0; channel < channels; channel++) {
        const value = Math.abs(read(base + channel * bytesPerSample));
        if (value > peak) peak = value;
      }
    }
    peaks.push(Math.round(Math.min(1, peak) * 1000) / 1000);
  }
  return peaks;
}

function sampleReader(view: DataView, bytesPerSample: number, float: boolean): (offset: number) => number {
  switch (bytesPerSample) {
    case 1:
      return (offset) => (view.getUint8(offset) - 128) / 128;
    case 2:
      return (offset) => view.getInt16(offset, true) / 32768;
    case 3:
      return (offset) => (view.getUint8(offset) | (view.getUint8(offset + 1) << 8) | (view.getInt8(offset + 2) << 16)) / 8_388_608;
    default:
      return float ? (offset) => view.getFloat32(offset, true) : (offset) => view.getInt32(offset, true) / 2_147_483_648;
  }
}

/** WAVE_FORMAT_EXTENSIBLE whose sub-format GUID starts with 3 (IEEE float). */
function isFloatExtensible(bytes: Uint8Array): boolean {
  for (let offset = 12; offset + 8 < bytes.length;) {
    const id = String.fromCharCode(...bytes.subarray(offset, offset + 4));
    const size = new DataView(bytes.buffer, bytes.byteOffset + offset + 4, 4).getUint32(0, true);
    if (id === 'fmt ') return size >= 40 && bytes[offset + 8 + 24] === 3;
    offset += 8 + size + (size % 2);
  }
  return false;
}
