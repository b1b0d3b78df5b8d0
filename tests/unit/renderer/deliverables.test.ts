import { beforeEach, describe, expect, it } from 'vitest';
import type { CourseView, RenderCell } from '../../../shared/ipc/contract';
import type { TracksBuild, TrackView } from '../../../shared/ipc/deliverables-contract';
import { filterPhrases } from '../../../renderer/src/features/course/visiblePhrases';
import { playPauseSelected } from '../../../renderer/src/features/course/cellActions';
import { joinPath } from '../../../renderer/src/features/tracks/ExportSection';
import { needsBuild } from '../../../renderer/src/features/tracks/trackStateText';
import { testId } from '../../../renderer/src/features/tracks/TrackFileRow';
import { chapterFractions, chapterIndexAt } from '../../../renderer/src/lib/chapters';
import { countQaCells, formatLoudness, formatPeak, qaExplanation } from '../../../renderer/src/lib/qaText';
import { useCells } from '../../../renderer/src/store/cells';
import { usePlayer } from '../../../renderer/src/store/player';
import { useCourse } from '../../../renderer/src/store/course';
import { groupByTrack, lessonQueue, phrasesOfTrackFile, useTracks } from '../../../renderer/src/store/tracks';
import { NO_FILTER, useUi } from '../../../renderer/src/store/ui';
import { useToasts } from '../../../renderer/src/store/toasts';
import { installFakeApi, resetStores } from './fake-window';

const course: CourseView = {
  file: 'c.json',
  id: 'c',
  title: 'C',
  languages: { target: 'es-ES', known: 'en-US' },
  voices: {},
  variants: [
    { id: 'known', text: 'known', voice: 'known', rate: 1 },
    { id: 'target', text: 'target', voice: 'target', rate: 1 },
  ],
  phrases: [
    { id: 'p1', known: 'Hello.', target: 'Hola.', lesson: 'L1' },
    { id: 'p2', known: 'Wait.', target: 'Espera.', lesson: 'L1' },
    { id: 'p3', known: 'Bye.', target: 'Adiós.', lesson: 'L2' },
  ],
  warnings: [],
};

const runaway: RenderCell = { status: 'done', durationMs: 16_350, qa: ['runaway'], expectedSpeechMs: 1_260, speechMs: 16_000, loudnessLufs: -18 };

const chapters = [
  { phrase: 'p1', startMs: 0, endMs: 4_000 },
  { phrase: 'p2', startMs: 6_000, endMs: 9_000 },
  { phrase: 'p3', startMs: 11_000, endMs: 14_000 },
];

const trackFile = (lesson: string, state: TrackView['state'], track = 'drill'): TrackView => ({
  track,
  lesson,
  file: `tracks/${track}/${lesson}.wav`,
  title: `C - ${lesson}`,
  state,
  ...(state !== 'not-built' ? { durationMs: 14_500 } : {}),
  chapters: state !== 'not-built' ? chapters : [],
});

describe('the QA filter and words', () => {
  beforeEach(resetStores);

  it('keeps only phrases with a flagged render, combined with the lesson filter', () => {
    const cells = new Map<string, RenderCell>([
      ['p1/target', { status: 'done' }],
      ['p2/known', runaway],
      ['p3/target', { status: 'cached', qa: ['near-silent'] }],
    ]);
    expect(filterPhrases(course, { ...NO_FILTER, qaOnly: true }, cells).map((p) => p.id)).toEqual(['p2', 'p3']);
    expect(filterPhrases(course, { ...NO_FILTER, qaOnly: true, lesson: 'L1' }, cells).map((p) => p.id)).toEqual(['p2']);
    expect(filterPhrases(course, NO_FILTER, null)).toHaveLength(3);
    expect(countQaCells(cells)).toBe(2);
  });

  it('says which flag and why, with expected and actual speech', () => {
    expect(qaExplanation(runaway)).toEqual(['Runaway: far longer than its text predicts: the voice may have kept going (speech 16.0 s, expected about 1.3 s)']);
    expect(qaExplanation({ status: 'done', qa: ['near-silent'], speechMs: 100, expectedSpeechMs: 900 })).toEqual(['Near-silent: the audio is almost silent (under -50 LUFS)']);
    expect(qaExplanation({ status: 'done' })).toEqual([]);
    expect([formatLoudness(-18), formatPeak(-1.55)]).toEqual(['-18.0 LUFS', '-1.6 dBTP']);
  });
});

describe('chapters', () => {
  it('finds the chapter playing at a time: the last one started, its pause included; none before the first', () => {
    expect(chapterIndexAt(chapters, -1)).toBe(-1);
    expect(chapterIndexAt(chapters, 0)).toBe(0);
    expect(chapterIndexAt(chapters, 5_000)).toBe(0);
    expect(chapterIndexAt(chapters, 6_000)).toBe(1);
    expect(chapterIndexAt(chapters, 60_000)).toBe(2);
    expect(chapterIndexAt([], 1_000)).toBe(-1);
  });

  it('places markers as fractions of the track', () => {
    expect(chapterFractions(chapters, 12_000)).toEqual([0, 0.5, 11 / 12]);
    expect(chapterFractions(chapters, 0)).toEqual([0, 0, 0]);
  });
});

describe('track files in the Tracks tab', () => {
  it('groups files by track, says which need building, and finds a file’s phrases', () => {
    const files = [trackFile('L1', 'built'), trackFile('L2', 'outdated'), trackFile('c', 'not-built', 'whole')];
    expect(groupByTrack(files).map((group) => [group.id, group.files.map((file) => file.lesson)])).toEqual([
      ['drill', ['L1', 'L2']],
      ['whole', ['c']],
    ]);
    expect(files.map(needsBuild)).toEqual([false, true, true]);
    expect(phrasesOfTrackFile(course, { lesson: 'L1' })).toEqual(['p1', 'p2']);
    // A per-course track is named after the course and plays every phrase.
    expect(phrasesOfTrackFile(course, { lesson: 'c' })).toEqual(['p1', 'p2', 'p3']);
    expect(phrasesOfTrackFile({ id: 'c', phrases: [{ id: 'x', known: '', target: '' }] }, { lesson: 'no-lesson' })).toEqual(['x']);
    expect(testId('tracks/drill/L 01.mp3')).toBe('drill-L-01');
    expect(joinPath('/out/c/', 'exports/c.apkg')).toBe('/out/c/exports/c.apkg');
    expect(joinPath('C:\\out\\c', 'exports/c.apkg')).toBe('C:\\out\\c\\exports\\c.apkg');
  });
});

describe('the tracks store', () => {
  beforeEach(() => {
    resetStores();
    useCourse.getState().setCourse(course);
  });

  it('builds, keeps main’s new list and says what was built', async () => {
    const built: TracksBuild = { built: 1, kept: 0, skipped: [], tracks: [trackFile('L1', 'built')] };
    const api = installFakeApi({ 'tracks:list': () => [trackFile('L1', 'not-built')], 'tracks:build': () => built });
    await useTracks.getState().load();
    expect(useTracks.getState().files?.[0]!.state).toBe('not-built');
    await useTracks.getState().build();
    expect(useTracks.getState().files?.[0]!.state).toBe('built');
    expect(useTracks.getState().lastBuild).toEqual({ built: 1, kept: 0, skipped: [] });
    expect(useTracks.getState().building).toBe(false);
    expect(useToasts.getState().toasts.at(-1)).toMatchObject({ title: 'Tracks built.', detail: '1 file built, 0 unchanged.' });
    expect(api.calls.map((call) => call.channel)).toEqual(['tracks:list', 'tracks:build']);
  });

  it('says when nothing could be built, and why', async () => {
    installFakeApi({ 'tracks:build': () => ({ built: 0, kept: 0, skipped: [{ track: 'drill', lesson: 'L1', reason: 'p1/known is not rendered yet' }], tracks: [] }) });
    await useTracks.getState().build();
    expect(useToasts.getState().toasts.at(-1)).toMatchObject({
      tone: 'error',
      title: 'No track could be built yet.',
      detail: '0 files built, 0 unchanged; 1 file not built: p1/known is not rendered yet.',
    });
  });

  it('listens through a built lesson by loading its track, the selection following the first variant', async () => {
    installFakeApi({ 'tracks:list': () => [trackFile('L1', 'outdated')], 'tracks:audio': () => ({ url: '/audio/t1', durationMs: 14_500 }) });
    await useTracks.getState().load();
    await useTracks.getState().listenThrough('tracks/drill/L1.wav');
    expect(usePlayer.getState().source).toMatchObject({ kind: 'track', file: 'tracks/drill/L1.wav', url: '/audio/t1', chapters, follow: 'known' });
  });

  it('lets Space pause a track while the selection follows its phrases, rather than play the selected cell', async () => {
    const api = installFakeApi({ 'tracks:list': () => [trackFile('L1', 'built')], 'tracks:audio': () => ({ url: '/audio/t1', durationMs: 14_500 }) });
    await useTracks.getState().load();
    await useTracks.getState().playTrack('tracks/drill/L1.wav', true);
    useCells.getState().replaceAll({ 'p2/known': { status: 'done' } });
    useUi.getState().select({ phraseId: 'p2', variantId: 'known' });
    playPauseSelected();
    expect(api.calls.map((call) => call.channel)).not.toContain('preview:get');
    expect(usePlayer.getState().source).toMatchObject({ kind: 'track' });
  });

  it('listens through an unbuilt lesson as its rendered clips in course order', () => {
    useCells.getState().replaceAll({
      'p1/known': { status: 'done' },
      'p1/target': { status: 'cached' },
      'p2/target': { status: 'done' },
      'p2/known': { status: 'failed' },
      'p3/known': { status: 'done' },
    });
    expect(lessonQueue(course, { lesson: 'L1' }).map((item) => item.key)).toEqual(['p1/known', 'p1/target', 'p2/target']);
  });

  it('keeps where an Anki export went, and says so', async () => {
    installFakeApi({ 'export:anki': () => ({ files: ['exports/c.apkg', 'exports/c.csv'], notes: 3, media: 6 }) });
    await useTracks.getState().exportAnki();
    expect(useTracks.getState().lastExport).toMatchObject({ notes: 3, files: ['exports/c.apkg', 'exports/c.csv'] });
    expect(useToasts.getState().toasts.at(-1)).toMatchObject({ tone: 'success', detail: '3 notes with 6 audio files: exports/c.apkg and exports/c.csv' });
  });
});
