/**
 * The studio's deliverables channels (issue 11): tracks:list, tracks:build and export:anki through the
 * real dispatcher (inputs and outputs checked against the contract), a real StudioService and the real
 * offline engine; cells carry the loudness, true peak and QA flags their files were journaled with.
 * Tracks are measured by ffprobe, not by the code that wrote them.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpcResult, RunView } from '../../../shared/ipc/contract';
import type { AnkiExport, TrackView, TracksBuild } from '../../../shared/ipc/deliverables-contract';
import { createDispatcher, type Dispatch } from '../../../electron/main/core/ipc/dispatcher';
import { MemorySink } from '../../../electron/main/core/ipc/event-sink';
import { createHandlers } from '../../../electron/main/core/ipc/handlers';
import type { StudioService } from '../../../electron/main/core/studio/studio-service';
import { SAMPLE_COURSES, startTestStudio, until, type TestStudio } from '../../support/studio-fixture';
import { probe } from '../storage/storage-harness';

/** The sample course (with its drill track) cut to 4 phrases in 2 lessons, under its own id. */
async function twoLessons(): Promise<string> {
  const course = JSON.parse(await readFile(join(SAMPLE_COURSES, 'es-en-starter.json'), 'utf8')) as { phrases: Array<Record<string, unknown>> };
  const phrases = course.phrases.slice(0, 4).map((phrase, index) => ({ ...phrase, lesson: index < 2 ? 'L1' : 'L2' }));
  return JSON.stringify({ ...course, id: 'studio-tracks', phrases });
}

describe('studio deliverables through the dispatcher', () => {
  let dir: string;
  let events: MemorySink;
  let studio: TestStudio;
  let service: StudioService;
  let dispatch: Dispatch;
  const call = async <T>(channel: string, input?: unknown): Promise<IpcResult<T>> => (await dispatch(channel, input, {})) as IpcResult<T>;

  beforeAll(async () => {
    events = new MemorySink();
    studio = await startTestStudio({ events, transport: 'electron', samplesDir: SAMPLE_COURSES });
    ({ service, dir } = studio);
    dispatch = createDispatcher({ handlers: createHandlers(service), isTrustedSender: () => true, validateOutputs: true });
  });

  afterAll(async () => {
    await studio.close();
  });

  it('lists tracks as not built, builds them from masters after a run, and lists them built with chapters', async () => {
    expect(await call('tracks:list')).toMatchObject({ ok: false, error: { code: 'not-found' } }); // no course yet
    await service.updateSettings({ engine: 'offline', format: 'mp3', maxConnections: 2 });
    await service.importText('studio-tracks.json', await twoLessons());
    const before = await call<TrackView[]>('tracks:list');
    expect(before).toMatchObject({
      ok: true,
      value: [
        { lesson: 'L1', state: 'not-built', chapters: [] },
        { lesson: 'L2', state: 'not-built' },
      ],
    });
    // Nothing rendered yet: building skips both tracks and says why.
    const early = await call<TracksBuild>('tracks:build');
    expect(early).toMatchObject({ ok: true, value: { built: 0, skipped: [{ lesson: 'L1' }, { lesson: 'L2' }] } });
    expect(early.ok && early.value.skipped[0]!.reason).toMatch(/not rendered yet/);

    await service.startRun();
    await until(() => events.of('run:changed').find((view: RunView) => view.state === 'finished'));
    // Cells carry the level and QA of their files, as journaled.
    const snapshot = await service.snapshot();
    for (const cell of Object.values(snapshot.cells)) {
      expect(cell.status).toBe('done');
      expect(Math.abs(cell.loudnessLufs! + 18)).toBeLessThanOrEqual(0.5);
      expect(cell.truePeakDbtp).toBeLessThanOrEqual(-1.5);
      expect(cell.qa).toEqual([]);
    }

    const built = await call<TracksBuild>('tracks:build');
    expect(built).toMatchObject({ ok: true, value: { built: 2, kept: 0, skipped: [] } });
    const tracks = built.ok ? built.value.tracks : [];
    expect(tracks.map((track) => [track.file, track.state])).toEqual([
      ['tracks/drill/L1.mp3', 'built'],
      ['tracks/drill/L2.mp3', 'built'],
    ]);
    for (const track of tracks) {
      expect(track.chapters.map((chapter) => chapter.phrase)).toHaveLength(2);
      const seconds = (await probe(join(dir, 'out', 'studio-tracks', track.file))).seconds;
      expect(Math.abs(track.durationMs! / 1000 - seconds)).toBeLessThan(0.1);
    }
    expect(await call('tracks:build')).toMatchObject({ ok: true, value: { built: 0, kept: 2 } });

    // Another target loudness makes the built tracks outdated until they are built again.
    await service.importText('studio-tracks.json', JSON.stringify({ ...JSON.parse(await twoLessons()), output: { loudness: { integrated: -20, truePeak: -2 } } }));
    expect(await call('tracks:list')).toMatchObject({ ok: true, value: [{ state: 'outdated' }, { state: 'outdated' }] });
  }, 240_000);

  it('exports the Anki deck of what is delivered', async () => {
    await service.importText('studio-tracks.json', await twoLessons());
    const exported = await call<AnkiExport>('export:anki');
    expect(exported).toMatchObject({ ok: true, value: { files: ['exports/studio-tracks.apkg', 'exports/studio-tracks.csv'], notes: 4 } });
    expect(studio.errors).toEqual([]);
  }, 120_000);
});
