/**
 * The Tracks tab's main side for real: a course rendered by the embedded eSpeak engine through the
 * StudioService, its QA-flagged cells carrying the "why" (expected against actual speech, the file
 * less the silence its delivery padded: the variant's own when it sets one), a built
 * track served by token with Range (an outdated one still plays what was built), and only the
 * course's own tracks and exports revealed.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenderCell } from '../../../shared/ipc/contract';
import { serveFile } from '../../../electron/main/core/studio/serve-file';
import type { StudioService } from '../../../electron/main/core/studio/studio-service';
import { decodeWithSox } from '../../support/audio-decode';
import { qaCourse } from '../../support/deliverables-fixtures';
import { startTestStudio, until, type TestStudio } from '../../support/studio-fixture';

const AUDIO_BASE = 'app://audio/';

describe('track playback and QA reasons with the real offline engine', () => {
  let dir: string;
  let studio: TestStudio;
  let service: StudioService;

  beforeAll(async () => {
    studio = await startTestStudio({
      transport: 'electron',
      audioUrl: (token) => `${AUDIO_BASE}${token}`,
      settings: { engine: 'offline', format: 'wav' },
    });
    ({ service, dir } = studio);
  });

  afterAll(async () => {
    await studio.close();
  });

  it('gives flagged cells the why of their flag, live from the run and again on reopening', async () => {
    await service.importText('qa-play.json', JSON.stringify(qaCourse('qa-play')));
    await expect(service.trackPlayback.audio('tracks/drill/L1.wav')).rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining('not built yet') });
    await service.startRun();
    await until(() => service.runView().state === 'finished', 120_000);
    const check = (cells: Record<string, RenderCell>): void => {
      expect(cells['ok/target']).not.toHaveProperty('expectedSpeechMs');
      expect(cells['long/target']).toMatchObject({ qa: ['runaway'] });
      // The 15 s pause: far more speech than the ~1.3 s its text predicts.
      expect(cells['long/target']!.speechMs!).toBeGreaterThan(14_000);
      expect(cells['long/target']!.expectedSpeechMs!).toBeLessThan(2_000);
      expect(cells['marks/target']).toMatchObject({ qa: ['truncated'] });
      expect(cells['marks/target']!.expectedSpeechMs!).toBeGreaterThan(3 * cells['marks/target']!.speechMs!);
    };
    check((await service.snapshot()).cells);
    await service.importText('qa-play.json', JSON.stringify(qaCourse('qa-play')));
    const reopened = (await service.snapshot()).cells;
    expect(reopened['long/target']!.status).toBe('cached');
    check(reopened);
  }, 150_000);

  it('serves a built track by token with Range; an outdated one still plays what was built', async () => {
    await service.deliverables.buildTracks();
    const audio = await service.trackPlayback.audio('tracks/drill/L1.wav');
    const listed = (await service.deliverables.listTracks()).find((track) => track.file === 'tracks/drill/L1.wav')!;
    expect(audio.durationMs).toBe(listed.durationMs);
    const path = await service.tokens.resolve(audio.url.slice(AUDIO_BASE.length));
    expect(path).toBe(join(dir, 'out', 'qa-play', 'tracks/drill/L1.wav'));
    const response = await serveFile(path!, { range: 'bytes=0-3' });
    expect(response.status).toBe(206);
    const chunks: Buffer[] = [];
    for await (const chunk of response.body!) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString('latin1')).toBe('RIFF');

    const changed = qaCourse('qa-play') as { phrases: Array<{ target: string }> } & { id: string };
    changed.phrases[0]!.target = 'Hola, amigo.';
    await service.importText('qa-play.json', JSON.stringify(changed));
    const outdated = (await service.deliverables.listTracks()).find((track) => track.file === 'tracks/drill/L1.wav')!;
    expect(outdated.state).toBe('outdated');
    await expect(service.trackPlayback.audio('tracks/drill/L1.wav')).resolves.toMatchObject({ durationMs: listed.durationMs });
  });

  it('reveals only the course’s own tracks and exports, inside its output folder', async () => {
    await expect(service.trackPlayback.locate('tracks/drill/L2.wav')).resolves.toEqual({ path: join(dir, 'out', 'qa-play', 'tracks/drill/L2.wav') });
    await expect(service.trackPlayback.locate('tracks/drill/../../manifest.json')).rejects.toMatchObject({ code: 'not-found' });
    await expect(service.trackPlayback.locate('exports/qa-play.apkg')).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringContaining('not in the output folder yet'),
    });
    await service.deliverables.exportAnki();
    await expect(service.trackPlayback.locate('exports/qa-play.apkg')).resolves.toEqual({ path: join(dir, 'out', 'qa-play', 'exports/qa-play.apkg') });
    await expect(service.trackPlayback.audio('tracks/other/L1.wav')).rejects.toMatchObject({ code: 'not-found' });
    expect(studio.errors).toEqual([]);
  });

  it('takes a variant’s own silence, not the course’s, off the file when it explains a flag', async () => {
    // The delivered file is padded to exactly the variant's 0 ms before and 3 s after (shapingForJob).
    const course = qaCourse('qa-silence') as { variants: Array<Record<string, unknown>> } & { id: string };
    course.variants = course.variants.map((variant) => ({ ...variant, leadingSilenceMs: 0, trailingSilenceMs: 3_000 }));
    await service.importText('qa-silence.json', JSON.stringify(course));
    await service.startRun();
    await until(() => service.runView().state === 'finished', 120_000);
    const long = (await service.snapshot()).cells['long/target']!;
    expect(long).toMatchObject({ qa: ['runaway'] });
    const fileMs = (await decodeWithSox(join(dir, 'out', 'qa-silence', 'long_target.wav'))).decodedSec * 1_000;
    // The speech is the file less 0 + 3000 ms (the course's 100 + 250 would leave 2.65 s of silence in it).
    expect(Math.abs(long.speechMs! - (fileMs - 3_000))).toBeLessThanOrEqual(2);
    // Reopened, the cell is planned from the journal: the same why.
    await service.importText('qa-silence.json', JSON.stringify(course));
    expect((await service.snapshot()).cells['long/target']).toMatchObject({ status: 'cached', speechMs: long.speechMs });
  }, 150_000);
});
