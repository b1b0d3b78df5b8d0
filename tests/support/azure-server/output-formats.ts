/**
 * Output format names as they travel in synthesis.context ("raw-24khz-16bit-mono-pcm",
 * "audio-24khz-48kbitrate-mono-mp3", …) and what the emulator makes of them.
 *
 * The SDK asks for raw-* whenever the app chose riff-*, and adds the 44-byte header itself
 * (docs/design/azure-tts-protocol.md section 1.6). A client that asks for riff-* directly still gets bare samples: the emulator
 * never sends a RIFF header. Opus/Ogg/WebM/AMR/G.722 are real Azure formats the emulator cannot
 * encode; it rejects them (close 1007) rather than sending bytes of the wrong codec.
 */

export type AudioEncoding = 'pcm16' | 'mulaw' | 'alaw' | 'mp3';

export interface OutputFormat {
  readonly name: string;
  readonly encoding: AudioEncoding;
  readonly sampleRate: number;
  /** Only for mp3. */
  readonly bitrateKbps?: number;
  /** Content-Type written on binary audio frames. */
  readonly contentType: string;
  /** Bytes per second of the encoded stream (nominal for mp3). */
  readonly bytesPerSecond: number;
}

/** What the SDK sends when no output format is set. */
export const DEFAULT_OUTPUT_FORMAT = 'raw-16khz-16bit-mono-pcm';

const RATE_TOKENS: Record<string, number> = {
  '8khz': 8000,
  '16khz': 16000,
  '22050hz': 22050,
  '24khz': 24000,
  '44100hz': 44100,
  '48khz': 48000,
};
const MP3_BITRATES: Record<number, readonly number[]> = {
  16000: [32, 64, 128],
  24000: [48, 96, 160],
  48000: [96, 192],
};

export function parseOutputFormat(name: string): OutputFormat | undefined {
  const n = name.trim().toLowerCase();
  const pcm = /^(raw|riff)-(\d+k?hz)-16bit-mono-pcm$/.exec(n);
  if (pcm) {
    const sampleRate = RATE_TOKENS[pcm[2] ?? ''];
    if (!sampleRate) return undefined;
    return { name: n, encoding: 'pcm16', sampleRate, contentType: 'audio/x-wav', bytesPerSecond: sampleRate * 2 };
  }
  const g711 = /^(raw|riff)-8khz-8bit-mono-(mulaw|alaw)$/.exec(n);
  if (g711) {
    const encoding = g711[2] === 'mulaw' ? 'mulaw' : 'alaw';
    return { name: n, encoding, sampleRate: 8000, contentType: encoding === 'mulaw' ? 'audio/basic' : 'audio/x-alaw-basic', bytesPerSecond: 8000 };
  }
  const mp3 = /^audio-(16|24|48)khz-(\d+)kbitrate-mono-mp3$/.exec(n);
  if (mp3) {
    const sampleRate = Number(mp3[1]) * 1000;
    const bitrateKbps = Number(mp3[2]);
    if (!MP3_BITRATES[sampleRate]?.includes(bitrateKbps)) return undefined;
    return { name: n, encoding: 'mp3', sampleRate, bitrateKbps, contentType: 'audio/mpeg', bytesPerSecond: (bitrateKbps * 1000) / 8 };
  }
  return undefined;
}
