import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CourseSchema, type Course } from '../../../shared/model/course';
import { planRenders } from '../../../electron/main/core/course/render-plan';
import { AnalysisCache } from '../../../electron/main/core/deliver/analysis-cache';
import { LessonTracks } from '../../../electron/main/core/deliver/lesson-tracks';
import { DerivePool } from '../../../electron/main/core/derive-pool/derive-pool';
import type { TrackTask } from '../../../electron/main/core/derive-pool/derive-tasks';
import { encodeWav } from '../../../electron/main/core/output/wav';
import { MasterStore } from '../../../electron/main/core/run/master-store';
import { masterKeyOf } from '../../../electron/main/core/run/output-build';
import { useTempFolder } from '../../support/temp-folder';

/**
 * A lesson's track is built as soon as every clip it plays has a master, before the run ends (and
 * before `finish()`); a lesson still waiting for a master is not; `finish()` then reports both.
 */
const course: Course = CourseSchema.parse({
  schema: 'course/1',
  id: 'lessons',
  title: 'Lessons',
  languages: { target: 'es-ES', known: 'en-US' },
  voices: { target: 'es-ES-ElviraNeural', known: 'en-US-JennyNeural' },
  variants: [{ id: 'target', text: 'target', voice: 'target', rate: 1 }],
  phrases: [1, 2, 3, 4].map((i) => ({ id: `p${i}`, known: `Phrase ${i}`, target: `Frase ${i}.`, lesson: i <= 2 ? 'L1' : 'L2' })),
  tracks: [{ id: 'drill', per: 'lesson', sequence: ['target', { pause: 0.5 }] }],
});
const jobs = planRenders(course, { engine: 'offline', format: 'wav' });

function tone(seconds: number): Uint8Array {
  const rate = 22_050;
  const pcm = new Int16Array(Math.round(seconds * rate));
  for (let i = 2_000; i < pcm.length - 2_000; i++) pcm[i] = Math.round(6_000 * Math.sin((2 * Math.PI * 440 * i) / rate));
  return encodeWav(pcm, rate);
}
const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

const temp = useTempFolder('cas-lesson-tracks-');
const derive = new DerivePool({ size: 1 });
afterAll(async () => {
  await derive.close();
});

describe('LessonTracks', () => {
  it('builds a lesson as soon as its masters are there, leaves the waiting one alone, and reports both on finish', async () => {
    const masters = await MasterStore.open(temp.dir);
    const analyses = await AnalysisCache.open(temp.dir);
    try {
      const [l1, l2] = [jobs.filter((job) => ['p1', 'p2'].includes(job.phraseId)), jobs.filter((job) => ['p3', 'p4'].includes(job.phraseId))];
      for (const job of [...l1, l2[0]!]) await masters.store(masterKeyOf(job), tone(0.6));
      const tracks = await LessonTracks.start({ course, outDir: temp.dir, engine: 'offline', format: 'wav' }, { masters, analyses, derive });
      const deadline = Date.now() + 30_000;
      while (!(await exists(join(temp.dir, 'tracks/drill/L1.vtt')))) {
        if (Date.now() > deadline) throw new Error('L1 was not built while its masters were all there');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(await exists(join(temp.dir, 'tracks/drill/L1.wav'))).toBe(true); // written before its chapters
      expect(await exists(join(temp.dir, 'tracks/drill/L2.wav'))).toBe(false);
      const partial = await tracks.finish('complete');
      expect(partial).toMatchObject({ built: 1, kept: 0, skipped: [{ track: 'drill', lesson: 'L2', reason: 'p4/target is not rendered yet' }] });
      expect(partial.tracks.map((track) => track.file)).toEqual(['tracks/drill/L1.wav']);

      // Next run: the built lesson is kept; the waiting one is built when its last master arrives.
      const next = await LessonTracks.start({ course, outDir: temp.dir, engine: 'offline', format: 'wav' }, { masters, analyses, derive });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await exists(join(temp.dir, 'tracks/drill/L2.wav'))).toBe(false);
      await masters.store(masterKeyOf(l2[1]!), tone(0.7));
      next.masterReady(masterKeyOf(l2[1]!));
      const done = await next.finish('complete');
      expect(done).toMatchObject({ built: 1, kept: 1, skipped: [] });
      expect(done.tracks.map((track) => track.file)).toEqual(['tracks/drill/L1.wav', 'tracks/drill/L2.wav']);
      expect(await exists(join(temp.dir, 'tracks/drill/L2.wav'))).toBe(true);
    } finally {
      await masters.close();
    }
  });

  it('starts the longest of the tracks ready at once first, so no worker waits on a long track started last', async () => {
    const three: Course = CourseSchema.parse({
      ...course,
      id: 'three',
      phrases: [1, 2, 3].map((i) => ({ id: `p${i}`, known: `Phrase ${i}`, target: `Frase ${i}.`, lesson: `L${i}` })),
    });
    const dir = join(temp.dir, 'longest-first');
    const masters = await MasterStore.open(dir);
    const analyses = await AnalysisCache.open(dir);
    const started: string[] = [];
    const recording = { size: 1, track: (task: TrackTask) => (started.push(task.plan.lesson), derive.track(task)) } as unknown as DerivePool;
    try {
      const seconds: Record<string, number> = { p1: 0.4, p2: 1.6, p3: 0.9 };
      for (const job of planRenders(three, { engine: 'offline', format: 'wav' })) await masters.store(masterKeyOf(job), tone(seconds[job.phraseId]!));
      const tracks = await LessonTracks.start({ course: three, outDir: dir, engine: 'offline', format: 'wav' }, { masters, analyses, derive: recording });
      expect(await tracks.finish('complete')).toMatchObject({ built: 3, skipped: [] });
      expect(started).toEqual(['L2', 'L3', 'L1']);
    } finally {
      await masters.close();
    }
  });
});
