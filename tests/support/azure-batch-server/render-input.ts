/**
 * One batch input to audio bytes, through exactly the audio code of the WebSocket emulator
 * (../azure-server: SSML parser, voice catalogue, speech-like synthesizer, encoders and its shared
 * cache), so a batch result and an interactive turn of the same SSML carry the same samples.
 *
 * Differences that are the real service's, not ours: batch files are whole files, so `riff-*` gets
 * its 44-byte RIFF header here (over WebSocket the SDK adds it), and an input the service cannot
 * speak fails that input only (summary.json says why) instead of closing a socket.
 */
import { parseOutputFormat, type OutputFormat } from '../azure-server/output-formats';
import { speechAudio } from '../azure-server/speech-audio';
import { parseSsml } from '../azure-server/ssml-parser';
import type { VoiceCatalog } from '../azure-server/voices';
import { concatBytes } from '../../../electron/main/core/bytes';

export interface RenderedInput {
  readonly bytes: Uint8Array;
  readonly durationMs: number;
}

/** Throws (with the service's kind of message) when the input or format cannot be synthesized. */
export async function renderInput(ssml: string, formatName: string, voices: VoiceCatalog, seed: number): Promise<RenderedInput> {
  const format = parseOutputFormat(formatName);
  if (!format) throw new Error(`Unsupported output format "${formatName}"`);
  const parsed = parseSsml(ssml, voices);
  // The WebSocket turn's audio code (azure-server/speech-audio.ts), hence the same samples.
  const encoded = await speechAudio(parsed, format, seed);
  const body = concatBytes(encoded.chunks.map((chunk) => chunk.bytes));
  const durationMs = (encoded.samples / format.sampleRate) * 1000;
  return { bytes: formatName.toLowerCase().startsWith('riff-') ? withRiffHeader(body, format) : body, durationMs };
}

/** The canonical 44-byte header of a mono 16-bit PCM (or 8-bit G.711) WAV file. */
function withRiffHeader(data: Uint8Array, format: OutputFormat): Uint8Array {
  const bytesPerSample = format.encoding === 'pcm16' ? 2 : 1;
  const formatTag = format.encoding === 'pcm16' ? 1 : format.encoding === 'alaw' ? 6 : 7;
  const out = new Uint8Array(44 + data.byteLength);
  const view = new DataView(out.buffer);
  const ascii = (offset: number, text: string) => [...text].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + data.byteLength, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, formatTag, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, format.sampleRate, true);
  view.setUint32(28, format.sampleRate * bytesPerSample, true);
  view.setUint16(32, bytesPerSample, true);
  view.setUint16(34, bytesPerSample * 8, true);
  ascii(36, 'data');
  view.setUint32(40, data.byteLength, true);
  out.set(data, 44);
  return out;
}
