/**
 * The studio's deliverables room for real (issue 11 in the studio): a course rendered by the embedded
 * eSpeak engine through the StudioService, its cells carrying loudness, true peak and QA flags from
 * the journal, its lesson tracks listed with their build state, built from masters (only what
 * changed), served by token with Range, and the Anki export opened by python3 + sqlite3.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenderCell } from '../../../shared/ipc/contract';
import type { TrackFileView, TracksView } from '../../../shared/ipc/deliverables-contract';
import { MemorySink, validatingSink } from '../../../electron/main/core/ipc/event-sink';
import { ConfSettingsStore } from '../../../electron/main/core/settings/conf-settings-store';
import { FileSecretBox } from '../../../electron/main/core/settings/file-secret-box';
import { ShutdownCoordinator } from '../../../electron/main/core/shutdown';
import { engineFactory } from '../../../electron/main/core/studio/engine-factory';
import type { Logger } from '../../../electron/main/core/studio/logger';
import { serveFile } from '../../../electron/main/core/studio/serve-file';
import { StudioService } from '../../../electron/main/core/studio/studio-service';
import { qaCourse, sqlite, unpackApkg } from '../../support/deliverables-fixtures';

const AUDIO_BASE = 'app://audio/';
const files = (view: TracksView): TrackFileView[] => view.tracks.flatMap((track) => track.files);

async function until<T>(probe: () => T | undefined | false, timeoutMs = 60_000): Promise<T> {
  const started = performance.now();
  for (;;) {
    const value = probe();
    if (value) return value;
    if (performance.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the deliverables room with the real offline engine', () => {
  let dir: string;
  let service: StudioService;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'studio-deliver-'));
    const log: Logger = { info: () => undefined, warn: (m) => errors.push(m), error: (m) => errors.push(m) };
    const secrets = new FileSecretBox(join(dir, 'settings'));
    service = new StudioService({
      settings: new ConfSettingsStore({ cwd: join(dir, 'settings'), outputDir: join(dir, 'out') }),
      secrets,
      createEngine: engineFactory(secrets),
      events: validatingSink(new MemorySink(), log),
      audioUrl: (token) => `${AUDIO_BASE}${token}`,
      auditionCacheDir: join(dir, 'audition'),
      transport: 'electron',
      log,
    });
    await service.updateSettings({ engine: 'offline', format: 'wav' });
  });

  afterAll(async () => {
    await new ShutdownCoordinator({ steps: () => service.shutdownSteps(), deadlineMs: 5_000 }).shutdown();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists tracks before anything is rendered, and refuses to build or export them', async () => {
    await service.importText('qa-room.json', JSON.stringify(qaCourse('qa-room')));
    const view = await service.deliverables.list();
    expect(view.tracks.map((track) => [track.id, track.per, track.variants])).toEqual([['drill', 'lesson', ['target']]]);
    expect(files(view).map((file) => [file.file, file.state, file.missing, file.phrases])).toEqual([
      ['tracks/drill/L1.wav', 'not-built', 2, ['ok', 'long']],
      ['tracks/drill/L2.wav', 'not-built', 1, ['marks']],
    ]);
    await expect(service.deliverables.build()).rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining('Generate the course first') });
    await expect(service.deliverables.exportAnki()).rejects.toMatchObject({ code: 'not-found' });
  });

  it('gives done cells their loudness, peak and QA flags with the why, after the run and after reopening', async () => {
    await service.startRun();
    await until(() => service.runView().state === 'finished');
    const check = (record: Record<string, RenderCell>): void => {
      expect(['done', 'cached']).toContain(record['ok/target']!.status);
      expect(record['ok/target']!.qa ?? []).toEqual([]);
      // Normalized to the course default (-18 LUFS) under the -1.5 dBTP ceiling, as journalled.
      expect(Math.abs(record['ok/target']!.loudnessLufs! + 18)).toBeLessThan(1);
      expect(record['ok/target']!.truePeakDbtp!).toBeLessThanOrEqual(-1.5);
      expect(record['long/target']).toMatchObject({ qa: ['runaway'] });
      // The 15 s pause makes the speech far longer than the ~1.3 s its text predicts.
      expect(record['long/target']!.speechMs!).toBeGreaterThan(14_000);
      expect(record['long/target']!.expectedSpeechMs!).toBeLessThan(2_000);
      expect(record['marks/target']).toMatchObject({ qa: ['truncated'] });
      expect(record['marks/target']!.expectedSpeechMs!).toBeGreaterThan(3 * record['marks/target']!.speechMs!);
    };
    // The run's 'done' events carry durations only: the facts come from the journal as it ends.
    let snapshot = await service.snapshot();
    for (const started = Date.now(); snapshot.cells['ok/target']?.loudnessLufs === undefined && Date.now() - started < 10_000;) {
      await new Promise((r) => setTimeout(r, 50));
      snapshot = await service.snapshot();
    }
    check(snapshot.cells);
    // Reopening plans the cells again from the journal: the facts come back with them (cached now).
    await service.importText('qa-room.json', JSON.stringify(qaCourse('qa-room')));
    const reopened = await service.snapshot();
    expect(reopened.cells['long/target']!.status).toBe('cached');
    check(reopened.cells);
  });

  it('builds the tracks from masters, keeps unchanged ones, and serves a track with Range', async () => {
    const first = await service.deliverables.build();
    expect([first.built, first.kept, first.skipped]).toEqual([2, 0, []]);
    const l1 = files(first).find((file) => file.lesson === 'L1')!;
    expect(l1).toMatchObject({ state: 'built', missing: 0 });
    expect(l1.chapters.map((chapter) => chapter.phrase)).toEqual(['ok', 'long']);
    expect(l1.chapters[1]!.startMs).toBeGreaterThan(l1.chapters[0]!.endMs);
    expect(l1.durationMs).toBeGreaterThan(l1.chapters[1]!.endMs - 1);
    const manifest = JSON.parse(await readFile(join(first.outDir, 'manifest.json'), 'utf8')) as { tracks: Array<{ file: string }> };
    expect(manifest.tracks.map((track) => track.file)).toEqual(['tracks/drill/L1.wav', 'tracks/drill/L2.wav']);

    const again = await service.deliverables.build();
    expect([again.built, again.kept]).toEqual([0, 2]);

    const audio = await service.deliverables.trackAudio('tracks/drill/L1.wav');
    expect(audio.durationMs).toBe(l1.durationMs);
    const path = await service.tokens.resolve(audio.url.slice(AUDIO_BASE.length));
    const response = await serveFile(path!, { range: 'bytes=0-3' });
    expect(response.status).toBe(206);
    const chunks: Buffer[] = [];
    for await (const chunk of response.body!) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString('latin1')).toBe('RIFF');

    await expect(service.deliverables.locate('tracks/drill/L2.wav')).resolves.toEqual({ path: join(first.outDir, 'tracks/drill/L2.wav') });
    await expect(service.deliverables.locate('tracks/drill/../../manifest.json')).rejects.toMatchObject({ code: 'not-found' });
    await expect(service.deliverables.trackAudio('tracks/other/L1.wav')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('marks only the lesson whose phrase changed as stale', async () => {
    const course = qaCourse('qa-room') as { phrases: Array<{ id: string; target: string }> } & { id: string };
    course.phrases[0]!.target = 'Hola, amigo.';
    await service.importText('qa-room.json', JSON.stringify(course));
    const view = await service.deliverables.list();
    expect(files(view).map((file) => [file.lesson, file.state, file.missing])).toEqual([
      ['L1', 'stale', 1],
      ['L2', 'built', 0],
    ]);
    // A stale file still plays what was built before.
    await expect(service.deliverables.trackAudio('tracks/drill/L1.wav')).resolves.toMatchObject({ durationMs: files(view)[0]!.durationMs });
    await service.renderCell('ok', 'target');
    const rebuilt = await service.deliverables.build();
    expect([rebuilt.built, rebuilt.kept]).toEqual([1, 1]);
    expect(files(rebuilt).map((file) => file.state)).toEqual(['built', 'built']);
  });

  it('exports the Anki deck: notes = phrases, every media file listed', async () => {
    const result = await service.deliverables.exportAnki();
    expect(result.files).toEqual(['exports/qa-room.apkg', 'exports/qa-room.csv']);
    expect(result.notes).toBe(3);
    const unpacked = join(dir, 'apkg');
    const entries = await unpackApkg(result.paths[0]!, unpacked);
    expect(entries).toContain('collection.anki2');
    await expect(sqlite(join(unpacked, 'collection.anki2'), 'select count(*) from notes')).resolves.toBe('3');
    const media = JSON.parse(await readFile(join(unpacked, 'media'), 'utf8')) as Record<string, string>;
    expect(Object.values(media).sort()).toEqual(['long_target.wav', 'marks_target.wav', 'ok_target.wav']);
    expect(errors).toEqual([]);
  });
});
