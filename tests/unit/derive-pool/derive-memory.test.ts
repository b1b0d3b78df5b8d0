/**
 * The derive workers' memory (derive-memory.ts): a worker's heap is capped, and a task that runs it
 * out of memory fails with what it was and what to do while the pool replaces the worker and goes on;
 * a track whose audio buffers (outside any heap cap) would not fit the machine is refused before any
 * is allocated. Real workers, a tiny cap, a track plan as long as a big per:"course" track's.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { RenderJob } from '../../../shared/model/render';
import type { TrackPlan } from '../../../electron/main/core/deliver/track-plan';
import { trackAudioBytes, trackTooLargeMessage } from '../../../electron/main/core/derive-pool/derive-memory';
import { DerivePool } from '../../../electron/main/core/derive-pool/derive-pool';
import type { TrackTask } from '../../../electron/main/core/derive-pool/derive-tasks';
import { encodeWav } from '../../../electron/main/core/output/wav';

const RATE = 22_050;
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function tone(samples: number): Uint8Array {
  const pcm = new Int16Array(samples);
  for (let i = 0; i < samples; i++) pcm[i] = Math.round(8_000 * Math.sin((2 * Math.PI * 440 * i) / RATE));
  return encodeWav(pcm, RATE);
}

/** A per:"course" WAV track of `phrases` phrases, each one clip of the same `clipSamples`-sample master, then `pause` s. */
function longTrack(phrases: number, clipSamples: number, pause = 0): TrackTask {
  const wav = tone(clipSamples);
  const job = { key: 'r1', phraseId: 'p', variantId: 'target' } as RenderJob;
  const plan: TrackPlan = {
    track: 'drill',
    lesson: 'big-course',
    file: 'tracks/drill/big-course.wav',
    title: 'Big course',
    number: 1,
    total: 1,
    betweenSeconds: 0,
    key: 'k',
    phrases: Array.from({ length: phrases }, (_, i) => ({
      phrase: `p${String(i).padStart(6, '0')}`,
      parts: [{ kind: 'clip', job }, ...(pause ? [{ kind: 'pause' as const, seconds: pause }] : [])],
    })),
  };
  const shaping = { loudness: false, silence: false } as const;
  return { kind: 'track', plan, clips: { r1: { master: 'm1', shaping } }, masters: { m1: { wav, sha256: sha256(wav) } }, shaping, format: 'wav', courseTitle: 'Big' };
}

const pools: DerivePool[] = [];
afterAll(() => Promise.all(pools.map((pool) => pool.close())));

describe('derive workers’ memory', () => {
  it('a track that runs its worker out of heap fails naming the track and per:"lesson"; the next task gets a new worker', async () => {
    const pool = new DerivePool({ size: 1, heapLimitMb: 32 });
    pools.push(pool);
    // 150 000 phrases: its plan and chapters alone are several times a 32 MB heap (a 10 000-phrase
    // course's plan takes 40-48 MB: docs/derive-memory.md); its audio only 33 M samples.
    await expect(pool.track(longTrack(150_000, 220))).rejects.toThrow(
      /^Track tracks\/drill\/big-course\.wav \(track "drill", 150000 phrases\) needs more than a derive worker's 32 MB heap: build it in smaller files \(per: "lesson" in the course's track "drill"\), or give it fewer phrases$/,
    );
    const small = await pool.track(longTrack(20, 2_205));
    expect(small.chapters).toHaveLength(20);
    expect(small.durationMs).toBeCloseTo(20 * 100, 0);
  }, 60_000);

  it('the same track fits a worker at the default cap', async () => {
    const pool = new DerivePool({ size: 1 });
    pools.push(pool);
    const built = await pool.track(longTrack(150_000, 220));
    expect(built.chapters).toHaveLength(150_000);
    expect(built.durationMs).toBeCloseTo((150_000 * 220 * 1000) / RATE, 0);
  }, 60_000);

  it('refuses before any worker allocates a track whose audio buffers are over the budget', async () => {
    // 10 000 phrases of 0.1 s speech and a 15 s pause: ~42 h of audio, ~26.6 GB of buffers estimated
    // (as MP3: as WAV, the file's own 4 GB limit refuses it first, below).
    const task = { ...longTrack(10_000, 2_205, 15), format: 'mp3' as const };
    const seconds = 10_000 * (0.1 + 15);
    expect(trackAudioBytes(task)).toBe(Math.ceil(seconds * RATE * 8));
    const pool = new DerivePool({ size: 1, trackAudioBudgetBytes: 4e9 });
    pools.push(pool);
    await expect(pool.track(task)).rejects.toThrow(
      /^Track tracks\/drill\/big-course\.wav \(track "drill", 10000 phrases\) would take ~26,636 MB of audio buffers, over the 4,000 MB it may use on this machine: build it in smaller files \(per: "lesson"/,
    );
    expect(pool.pending).toBe(0); // never queued
  });

  it('refuses a WAV track past the 4 GB its RIFF sizes can say, whatever memory the machine has', async () => {
    // 27.1 h at 22.05 kHz is 4.3 GB of PCM: the 32-bit sizes would wrap into a corrupt file.
    const pool = new DerivePool({ size: 1, trackAudioBudgetBytes: 1e12 });
    pools.push(pool);
    await expect(pool.track(longTrack(6_600, 2_205, 14.7))).rejects.toThrow(
      /^Track tracks\/drill\/big-course\.wav \(track "drill", 6600 phrases\) would be a ~4,308 MB WAV file; a WAV file holds at most 4,295 MB: build it in smaller files \(per: "lesson" in the course's track "drill"\) or as MP3$/,
    );
    // Just under it (4,242 MB) a WAV may be built; as MP3 the longer one may too.
    expect(trackTooLargeMessage(longTrack(6_500, 2_205, 14.7), 1e12)).toBeUndefined();
    expect(trackTooLargeMessage({ ...longTrack(6_600, 2_205, 14.7), format: 'mp3' }, 1e12)).toBeUndefined();
  });
});
