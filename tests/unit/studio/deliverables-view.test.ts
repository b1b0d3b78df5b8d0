import { describe, expect, it } from 'vitest';
import type { Course } from '../../../shared/model/course';
import type { RenderJob } from '../../../shared/model/render';
import { invokeContract } from '../../../shared/ipc/contract';
import { cellFactsOf, withFacts } from '../../../electron/main/core/studio/cell-facts';
import { buildStateOf, trackViews } from '../../../electron/main/core/studio/track-states';
import type { TrackRecord } from '../../../electron/main/core/deliver/track-index';
import type { TrackPlan } from '../../../electron/main/core/deliver/track-plan';

const job = (phraseId: string, variantId: string): RenderJob => ({ key: `k-${phraseId}-${variantId}`, phraseId, variantId, text: 'Hola.', rate: 1 }) as unknown as RenderJob;

const plan = (lesson: string, phrases: string[], key = `key-${lesson}`): TrackPlan => ({
  track: 'drill',
  lesson,
  file: `tracks/drill/${lesson}.wav`,
  title: `Course - ${lesson}`,
  number: 1,
  total: 2,
  phrases: phrases.map((phrase) => ({
    phrase,
    parts: [
      { kind: 'clip', job: job(phrase, 'known') },
      { kind: 'pause', seconds: 1 },
      { kind: 'clip', job: job(phrase, 'target') },
    ],
  })),
  betweenSeconds: 1,
  key,
});

const record = (lesson: string, key: string): TrackRecord => ({
  track: 'drill',
  lesson,
  file: `tracks/drill/${lesson}.wav`,
  durationMs: 9_000,
  phrases: [{ phrase: 'p1', startMs: 0, endMs: 4_000 }],
  key,
  bytes: 10,
  mtimeMs: 1,
  sha256: 'x',
});

const course = { tracks: [{ id: 'drill', per: 'lesson', sequence: ['known', { pause: 1 }, 'target'] }] } as unknown as Pick<Course, 'tracks'>;

describe('a track file’s build state', () => {
  it('is built only when the index holds its key and the file is intact; otherwise stale, or not built without a record', () => {
    expect(buildStateOf({ key: 'a' }, undefined, false)).toBe('not-built');
    expect(buildStateOf({ key: 'a' }, record('L1', 'a'), true)).toBe('built');
    expect(buildStateOf({ key: 'a' }, record('L1', 'b'), true)).toBe('stale');
    expect(buildStateOf({ key: 'a' }, record('L1', 'a'), false)).toBe('stale');
  });

  it('lists each file with its phrases, the renders it still misses, and chapters only for a file on disk', () => {
    const rendered = new Set(['p1/known', 'p1/target', 'p2/known']);
    const [view] = trackViews({
      course,
      plans: [plan('L1', ['p1']), plan('L2', ['p2', 'p3'])],
      records: new Map([['tracks/drill/L1.wav', record('L1', 'key-L1')]]),
      fileIntact: () => true,
      rendered: (phraseId, variantId) => rendered.has(`${phraseId}/${variantId}`),
    });
    expect(view).toMatchObject({ id: 'drill', per: 'lesson', variants: ['known', 'target'] });
    expect(view!.files.map((file) => [file.lesson, file.state, file.missing, file.durationMs, file.chapters.length, file.phrases])).toEqual([
      ['L1', 'built', 0, 9_000, 1, ['p1']],
      ['L2', 'not-built', 3, null, 0, ['p2', 'p3']],
    ]);
  });

  it('shows no length or chapters for a recorded file that is no longer the one written', () => {
    const [view] = trackViews({
      course,
      plans: [plan('L1', ['p1'])],
      records: new Map([['tracks/drill/L1.wav', record('L1', 'key-L1')]]),
      fileIntact: () => false,
      rendered: () => true,
    });
    expect(view!.files[0]).toMatchObject({ state: 'stale', durationMs: null, chapters: [] });
  });
});

describe('cell facts', () => {
  it('adds expected and actual speech only to a flagged render, the padding taken off its length', () => {
    expect(cellFactsOf({ loudnessLufs: -18, truePeakDbtp: -1.6, qa: [] }, { text: 'Hola.', rate: 1 }, 900, 350)).toEqual({ loudnessLufs: -18, truePeakDbtp: -1.6 });
    expect(cellFactsOf({ loudnessLufs: -18, qa: ['runaway'] }, { text: 'Hola [pause 15s] adiós.', rate: 1 }, 16_350, 350)).toMatchObject({
      qa: ['runaway'],
      speechMs: 16_000,
    });
    // "Buenos días": 11 characters with its space, 70 ms each, at half speed.
    expect(cellFactsOf({ qa: ['truncated'] }, { text: 'Buenos días', rate: 0.5 }, 500, 350)).toEqual({ qa: ['truncated'], expectedSpeechMs: 1_540, speechMs: 150 });
    expect(cellFactsOf(undefined, { text: 'x', rate: 1 }, 500, 0)).toEqual({});
  });

  it('puts facts on done and cached cells only, replacing an earlier render’s, and keeps the same object when nothing changed', () => {
    const done = { status: 'done' as const, durationMs: 900, qa: ['runaway' as const], speechMs: 1, expectedSpeechMs: 2 };
    expect(withFacts(done, { loudnessLufs: -18 })).toEqual({ status: 'done', durationMs: 900, loudnessLufs: -18 });
    expect(withFacts({ status: 'failed' }, { loudnessLufs: -18 })).toEqual({ status: 'failed' });
    const same = { status: 'cached' as const, loudnessLufs: -18 };
    expect(withFacts(same, { loudnessLufs: -18 })).toBe(same);
  });
});

describe('the deliverables contract', () => {
  it('takes only files under tracks/ or exports/ for audio and reveal', () => {
    expect(invokeContract['tracks:audio'].input.safeParse({ file: 'tracks/drill/L1.wav' }).success).toBe(true);
    expect(invokeContract['tracks:audio'].input.safeParse({ file: 'manifest.json' }).success).toBe(false);
    expect(invokeContract['deliverables:reveal'].input.safeParse({ file: '/etc/passwd' }).success).toBe(false);
    expect(invokeContract['deliverables:reveal'].input.safeParse({ file: 'exports/c.apkg', extra: 1 }).success).toBe(false);
  });
});
