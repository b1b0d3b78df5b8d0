import { sharedAudioCache } from './audio-cache';
import { encodeAudio, type AudioChunk } from './audio-encoder';
import { planPieces, synthesize, type SynthPiece } from './audio-synth';
import type { OutputFormat } from './output-formats';
import { hashString } from './rng';
import type { ParsedSsml } from './ssml-parser';

export interface SpeechAudio {
  /** The speech and pauses the audio is made of (word marks are placed on them). */
  readonly pieces: SynthPiece[];
  readonly chunks: AudioChunk[];
  readonly samples: number;
}

/**
 * The audio the service speaks for one parsed SSML in one format: its runs and breaks planned into
 * pieces, synthesized with a seed of the server's seed and the SSML's voice, rate and text, encoded,
 * and kept in the shared cache. A WebSocket turn (turn.ts) and a batch input (../azure-batch-server)
 * of the same SSML therefore carry the same samples.
 */
export async function speechAudio(parsed: ParsedSsml, format: OutputFormat, seed: number): Promise<SpeechAudio> {
  const runs = parsed.runs.map((run) => ({ text: run.text, rate: run.rate, voice: run.voice, gender: run.voiceEntry.Gender }));
  const pieces = planPieces(runs, parsed.breaks);
  const audioSeed = (seed ^ hashString(`${parsed.voice}|${parsed.rate}|${parsed.text}`)) >>> 0;
  const cacheKey = `${format.name}|${audioSeed}|${JSON.stringify(pieces)}`;
  let encoded = sharedAudioCache.get(cacheKey);
  if (!encoded) {
    const samples = synthesize(pieces, format.sampleRate, audioSeed);
    encoded = { chunks: await encodeAudio(samples, format), samples: samples.length };
    sharedAudioCache.set(cacheKey, encoded.chunks, encoded.samples);
  }
  return { pieces, ...encoded };
}
