/**
 * Issue 11, point 2 through the real CLI and real eSpeak: lesson tracks laid out from masters, timed
 * as the sum of their parts and pauses (ffprobe), at the course loudness (ffmpeg's ebur128), tagged and
 * chaptered (read back by ffprobe, not by the writer), rebuilt only where a part changed.
 */
import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Course } from '../../../shared/model/course';
import { makeCourse } from '../azure/azure-harness';
import { useCliWorkspace } from '../../support/cli-workspace';
import { ffmpegLoudness } from '../../support/loudness-probe';
import { runGenerate } from '../../support/run-generate';
import { mapLimit, probe, readManifest } from '../storage/storage-harness';

const exec = promisify(execFile);
const work = useCliWorkspace('cas-tracks-');

function trackCourse(): Course {
  const base = makeCourse(4, { id: 'tracks-test' });
  return {
    ...base,
    variants: [{ id: 'known', text: 'known', voice: 'known', rate: 1 }, ...base.variants],
    phrases: base.phrases.map((phrase, index) => ({
      ...phrase,
      known: ['Good morning.', 'Thank you.', 'Where is the station?', 'See you tomorrow.'][index]!,
      lesson: index < 2 ? 'L1' : 'L2',
    })),
    tracks: [
      {
        id: 'drill',
        per: 'lesson',
        title: '{course} - {lesson}',
        sequence: ['known', { pause: 1.5 }, 'target', { pause: '2x' }, 'target-slow', { pause: '2x' }, 'target'],
        between: { pause: 2 },
      },
    ],
  };
}

async function ffprobeTags(file: string): Promise<{ tags: Record<string, string>; chapters: Array<{ start: number; end: number; title: string }> }> {
  const { stdout } = await exec('ffprobe', ['-v', 'error', '-show_entries', 'format_tags', '-show_chapters', '-of', 'json', file]);
  const info = JSON.parse(stdout) as { format: { tags?: Record<string, string> }; chapters: Array<{ start_time: string; end_time: string; tags?: { title?: string } }> };
  return {
    tags: Object.fromEntries(Object.entries(info.format.tags ?? {}).map(([key, value]) => [key.toLowerCase(), value])),
    chapters: info.chapters.map((chapter) => ({ start: Number(chapter.start_time), end: Number(chapter.end_time), title: chapter.tags?.title ?? '' })),
  };
}

describe('lesson tracks', () => {
  it('lays out each lesson as its parts and pauses, at the course loudness, with tags and chapters; rebuilds only what changed', async () => {
    const course = trackCourse();
    const file = await work.writeCourse(course, 'tracks-test.json');
    const out = join(work.dir, 'out');

    // WAV first: the clips' own durations (ffprobe) add up to each track's duration.
    const wav = await runGenerate([file, '--out', out, '--json', '--engine', 'offline', '--format', 'wav']);
    expect(wav.code, wav.stderr).toBe(0);
    expect(wav.summary).toMatchObject({ total: 12, rendered: 12, tracks: { built: 2, kept: 0, skipped: 0, files: ['tracks/drill/L1.wav', 'tracks/drill/L2.wav'] } });
    const manifest = await readManifest(out);
    const seconds = new Map(await mapLimit(manifest.items, 2, async (item) => [`${item.phrase}/${item.variant}`, (await probe(join(out, item.file))).seconds] as const));
    for (const [lesson, phrases] of [
      ['L1', ['p001', 'p002']],
      ['L2', ['p003', 'p004']],
    ] as const) {
      const clip = (phrase: string, variant: string): number => seconds.get(`${phrase}/${variant}`)!;
      const expected = phrases.reduce((sum, p) => sum + clip(p, 'known') + 1.5 + 4 * clip(p, 'target') + 3 * clip(p, 'target-slow'), 0) + 2 * (phrases.length - 1);
      const actual = (await probe(join(out, `tracks/drill/${lesson}.wav`))).seconds;
      expect(Math.abs(actual - expected) / expected, `${lesson}: ${actual} s, parts and pauses ${expected} s`).toBeLessThan(0.01);
      const entry = manifest.tracks?.find((track) => track.lesson === lesson);
      expect(entry).toMatchObject({ track: 'drill', file: `tracks/drill/${lesson}.wav` });
      expect(entry!.phrases.map((chapter) => chapter.phrase)).toEqual(phrases);
      expect(Math.abs(entry!.durationMs / 1000 - actual)).toBeLessThan(0.05);
      expect(await readFile(join(out, `tracks/drill/${lesson}.vtt`), 'utf8')).toMatch(/^WEBVTT\n\n/);
    }

    // MP3: re-derived from masters (no synthesis), tagged, chaptered and normalized as a whole.
    const mp3 = await runGenerate([file, '--out', out, '--json', '--engine', 'offline', '--format', 'mp3']);
    expect(mp3.code, mp3.stderr).toBe(0);
    expect(mp3.summary).toMatchObject({ rendered: 0, tracks: { built: 2, files: ['tracks/drill/L1.mp3', 'tracks/drill/L2.mp3'] } });
    const l1 = join(out, 'tracks/drill/L1.mp3');
    const { tags, chapters } = await ffprobeTags(l1);
    expect(tags).toMatchObject({ title: `${course.title} - L1`, album: course.title, artist: 'Course Audio Studio', track: '1/2', genre: 'Speech' });
    expect(chapters.map((chapter) => chapter.title)).toEqual(['p001', 'p002']);
    expect(chapters[1]!.start).toBeGreaterThan(chapters[0]!.end); // the gap between phrases
    for (const track of ['L1', 'L2']) {
      const level = await ffmpegLoudness(join(out, `tracks/drill/${track}.mp3`));
      expect(Math.abs(level.integrated + 18), `${track}: ${level.integrated} LUFS`).toBeLessThanOrEqual(1);
      expect(level.truePeak).toBeLessThanOrEqual(-1.5);
    }

    // Editing a phrase of L2 rebuilds L2 only.
    const l1Before = await stat(l1);
    const edited = { ...course, phrases: course.phrases.map((phrase) => (phrase.id === 'p003' ? { ...phrase, target: 'Hasta mañana por la tarde.' } : phrase)) };
    await work.writeCourse(edited, 'tracks-test.json');
    const third = await runGenerate([file, '--out', out, '--json', '--engine', 'offline', '--format', 'mp3']);
    expect(third.summary).toMatchObject({ rendered: 2, tracks: { built: 1, kept: 1 } });
    expect((await stat(l1)).mtimeMs).toBe(l1Before.mtimeMs);

    // --no-tracks leaves tracks alone; the next run catches up.
    const fourth = await runGenerate([file, '--out', out, '--json', '--engine', 'offline', '--format', 'mp3', '--no-tracks']);
    expect(fourth.summary).not.toHaveProperty('tracks');
    const fifth = await runGenerate([file, '--out', out, '--json', '--engine', 'offline', '--format', 'mp3']);
    expect(fifth.summary).toMatchObject({ rendered: 0, written: 0, tracks: { built: 0, kept: 2 } });
    expect((await readManifest(out)).tracks?.map((track) => track.file)).toEqual(['tracks/drill/L1.mp3', 'tracks/drill/L2.mp3']);
  }, 240_000);
});
