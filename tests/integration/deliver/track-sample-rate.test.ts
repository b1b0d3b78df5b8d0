/**
 * Lesson tracks honour `output.sampleRate` like the clips do (issue 10): laid out from the 22.05 kHz
 * eSpeak masters, resampled, measured with ffprobe (never with the code under test); a new rate rebuilds
 * the tracks from the masters without synthesizing anything, an unchanged rate keeps them.
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Course } from '../../../shared/model/course';
import { makeCourse } from '../azure/azure-harness';
import { runGenerate } from '../../support/run-generate';
import { probe, readManifest } from '../storage/storage-harness';
import { useTempFolder } from '../../support/temp-folder';

const temp = useTempFolder('cas-track-rate-');

function rateCourse(sampleRate: number): Course {
  const base = makeCourse(4, { id: 'track-rate' });
  return {
    ...base,
    output: { sampleRate: sampleRate as 16_000 },
    phrases: base.phrases.map((phrase, index) => ({ ...phrase, lesson: index < 2 ? 'L1' : 'L2' })),
    tracks: [{ id: 'drill', per: 'lesson', sequence: ['target', { pause: 1 }, 'target-slow'] }],
  };
}

/** Every track file is at `rate`, and lasts what the manifest says (within 1 %, WAV; MP3 adds under two frames). */
async function expectTracksAt(out: string, rate: number, codec: 'pcm_s16le' | 'mp3'): Promise<void> {
  const tracks = (await readManifest(out)).tracks ?? [];
  expect(tracks.map((track) => track.lesson)).toEqual(['L1', 'L2']);
  for (const track of tracks) {
    const file = await probe(join(out, track.file));
    expect(file.codec, track.file).toBe(codec);
    expect(file.sampleRate, track.file).toBe(rate);
    const seconds = track.durationMs / 1000;
    expect(file.seconds, track.file).toBeGreaterThanOrEqual(seconds * 0.99);
    expect(file.seconds, track.file).toBeLessThan(seconds * 1.01 + (codec === 'mp3' ? 0.15 : 0));
    // Its chapter list beside it, one cue per phrase.
    const chapters = await readFile(join(out, track.file.replace(/\.(mp3|wav)$/, '.vtt')), 'utf8');
    expect(chapters.startsWith('WEBVTT'), track.file).toBe(true);
    expect(chapters.match(/-->/g)?.length, track.file).toBe(track.phrases.length);
  }
  // Nothing of another format left under tracks/.
  const files = await readdir(join(out, 'tracks'), { recursive: true });
  expect(files.filter((name) => /\.(mp3|wav)$/.test(name) && !name.endsWith(codec === 'mp3' ? '.mp3' : '.wav'))).toEqual([]);
}

describe('lesson tracks at output.sampleRate', () => {
  it('16 kHz WAV, then 44.1 kHz MP3 from the same masters (nothing synthesized again), then kept when nothing changed', async () => {
    const file = join(temp.dir, 'track-rate.json');
    const out = join(temp.dir, 'out');
    await writeFile(file, JSON.stringify(rateCourse(16_000)));
    const first = await runGenerate([file, '--out', out, '--json', '--engine', 'offline']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.summary).toMatchObject({ rendered: 8, tracks: { built: 2, kept: 0, skipped: 0 } });
    await expectTracksAt(out, 16_000, 'pcm_s16le');

    const course = JSON.parse(await readFile(file, 'utf8')) as Course;
    await writeFile(file, JSON.stringify({ ...course, output: { format: 'mp3', sampleRate: 44_100 } }));
    const second = await runGenerate([file, '--out', out, '--json', '--engine', 'offline']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.summary).toMatchObject({ rendered: 0, tracks: { built: 2, kept: 0 } });
    await expectTracksAt(out, 44_100, 'mp3');

    const third = await runGenerate([file, '--out', out, '--json', '--engine', 'offline']);
    expect(third.summary).toMatchObject({ rendered: 0, written: 0, tracks: { built: 0, kept: 2 } });

    // A chapter list deleted by hand: its track is built again, not kept without it.
    await rm(join(out, 'tracks', 'drill', 'L2.vtt'));
    const fourth = await runGenerate([file, '--out', out, '--json', '--engine', 'offline']);
    expect(fourth.summary).toMatchObject({ rendered: 0, tracks: { built: 1, kept: 1 } });
    await expectTracksAt(out, 44_100, 'mp3');
  });
});
