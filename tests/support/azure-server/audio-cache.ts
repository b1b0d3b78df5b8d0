/**
 * A small LRU of encoded turns, bounded by bytes. Benchmarks replay the same course several
 * times (baseline, then pool), and MP3 encoding is the one costly step left in a turn.
 */
import type { AudioChunk } from './audio-encoder';

export class AudioCache {
  private readonly entries = new Map<string, { chunks: AudioChunk[]; samples: number; bytes: number }>();
  private bytes = 0;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  get(key: string): { chunks: AudioChunk[]; samples: number } | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit;
  }

  set(key: string, chunks: AudioChunk[], samples: number): void {
    const bytes = chunks.reduce((sum, c) => sum + c.bytes.length, 0);
    if (bytes > this.maxBytes / 4) return;
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.bytes;
      this.entries.delete(key);
    }
    this.entries.set(key, { chunks, samples, bytes });
    this.bytes += bytes;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.bytes;
    }
  }
}

/** One cache per process: keys include format, seed and the whole timeline, so servers can share it. */
export const sharedAudioCache = new AudioCache();
