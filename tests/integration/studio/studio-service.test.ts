import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EventChannel } from '../../../shared/ipc/channels';
import type { RenderCell, RunView } from '../../../shared/ipc/contract';
import { MemorySink } from '../../../electron/main/core/ipc/event-sink';
import { ShutdownCoordinator } from '../../../electron/main/core/shutdown';
import { serveFile } from '../../../electron/main/core/studio/serve-file';
import type { StudioService } from '../../../electron/main/core/studio/studio-service';
import { SAMPLE_COURSES, miniCourse, startTestStudio, until, type TestStudio } from '../../support/studio-fixture';

const AUDIO_BASE = 'app://audio/';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('StudioService with the real offline engine', () => {
  let studio: TestStudio;
  let dir: string;
  let events: MemorySink;
  let service: StudioService;
  let errors: string[];

  beforeAll(async () => {
    events = new MemorySink();
    studio = await startTestStudio({ events, audioUrl: (token) => `${AUDIO_BASE}${token}`, samplesDir: SAMPLE_COURSES, transport: 'electron' });
    ({ service, dir, errors } = studio);
  });

  afterAll(async () => {
    await studio.close();
  });

  it('opens the sample course with every cell pending, and estimates it', async () => {
    const info = await service.appInfo();
    // Names without the extension; titles from the courses themselves (the JSON's title, the CSV's "# title:").
    expect(info.sampleCourses).toEqual([
      { name: 'es-en-greetings', title: 'Spanish for English speakers: Greetings (CSV sample)' },
      { name: 'es-en-starter', title: 'Spanish for English speakers: Starter' },
    ]);
    const view = await service.openSample('es-en-starter');
    expect(view.phrases).toHaveLength(150);
    expect(view.variants.map((variant) => variant.id)).toEqual(['known', 'target', 'target-slow']);
    const snapshot = await service.snapshot();
    expect(Object.keys(snapshot.cells)).toHaveLength(450);
    expect(new Set(Object.values(snapshot.cells).map((cell) => cell.status))).toEqual(new Set(['pending']));
    expect(snapshot.run).toMatchObject({ state: 'idle', progress: { total: 450, remaining: 450 } });
    const estimate = await service.estimate();
    expect(estimate).toMatchObject({ renders: 450, toRender: 450, cached: 0, billableChars: 0, costUsd: null });
    expect(estimate.estimatedMs).toBeGreaterThan(0);
    expect(events.of('course:changed').at(-1)?.id).toBe('es-en-starter');
    // The file name is still understood (earlier pages sent it); anything else is not a sample.
    expect((await service.openSample('es-en-greetings.csv')).title).toContain('Greetings');
    await expect(service.openSample('../es-en-starter')).rejects.toMatchObject({ code: 'not-found' });
    await expect(service.openSample('es-en-starter.json/..')).rejects.toMatchObject({ code: 'not-found' });
    await service.openSample('es-en-starter');
  });

  it('prices what is not cached for Azure, at the configured price', async () => {
    await service.updateSettings({ engine: 'azure', pricePerMillionChars: 16 });
    const estimate = await service.estimate();
    expect(estimate.billableChars).toBeGreaterThan(450 * 30);
    expect(estimate.costUsd).toBeCloseTo((estimate.billableChars / 1e6) * 16, 4);
    await service.updateSettings({ engine: 'offline', maxConnections: 2 });
  });

  it('runs a 10-phrase course: coalesced events, every cell done, then cached on reopen', async () => {
    await service.importText('mini.json', await miniCourse(10, 'mini'));
    events.events.length = 0;
    const started = performance.now();
    const startView = await service.startRun();
    expect(['running', 'finished']).toContain(startView.state);
    const final = await until(() => events.of('run:changed').find((view) => view.state === 'finished'));
    const elapsed = performance.now() - started;
    expect(final.progress).toMatchObject({ total: 30, done: 30, failed: 0, remaining: 0 });

    // Coalescing: run:changed and cells:changed at most every ~100 ms, merged by cell.
    for (const channel of ['run:changed', 'cells:changed'] as EventChannel[]) {
      const times = events.events.filter((event) => event.event === channel).map((event) => event.atMs);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(95);
      expect(times.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);
    }
    const merged: Record<string, RenderCell> = {};
    for (const batch of events.of('cells:changed')) for (const [id, cell] of Object.entries(batch.cells)) merged[id] = cell;
    expect(Object.keys(merged)).toHaveLength(30);
    expect(new Set(Object.values(merged).map((cell) => cell.status))).toEqual(new Set(['done']));
    // Each done cell carries its audio's duration: the journal's (the synthesis result, rounded).
    const journal = (await readFile(join(dir, 'out', 'mini', '.course-audio-studio', 'journal.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { phrase: string; variant: string; durationMs: number });
    for (const entry of journal) expect(merged[`${entry.phrase}/${entry.variant}`]?.durationMs).toBe(entry.durationMs);

    // The pool gauges saw the run.
    const gauges = await until(() => events.of('pool:changed').at(-1));
    expect(gauges).toMatchObject({ engine: 'offline', max: 2 });
    expect(gauges.opened).toBeGreaterThanOrEqual(1);
    await until(() => service.poolGauges().closed === service.poolGauges().opened);

    // Files and journal: reopening shows every cell cached, and nothing left to render.
    await stat(join(dir, 'out', 'mini', 'p001_target-slow.wav'));
    await service.importText('mini.json', await miniCourse(10, 'mini'));
    const snapshot = await service.snapshot();
    expect(new Set(Object.values(snapshot.cells).map((cell) => cell.status))).toEqual(new Set(['cached']));
    // Cached cells too: read from the journal when the course is opened.
    for (const entry of journal) expect(snapshot.cells[`${entry.phrase}/${entry.variant}`]?.durationMs).toBe(entry.durationMs);
    expect(await service.estimate()).toMatchObject({ toRender: 0, cached: 30 });
    expect(errors).toEqual([]);
  });

  it('pause stops new renders from starting; resume finishes the run', async () => {
    // The whole sample course (450 renders): eSpeak renders ~450 a second, so a smaller run could end before the pause lands.
    await service.importText('mini2.json', await miniCourse(150, 'mini-pause'));
    await service.updateSettings({ maxConnections: 1 });
    events.events.length = 0;
    await service.startRun();
    await until(() => events.of('cells:changed').some((batch) => Object.values(batch.cells).some((cell) => cell.status === 'done')));
    const paused = service.pauseRun();
    expect(paused.state).toBe('paused');
    await until(() => service.runView().progress.running === 0);
    const doneAtPause = service.runView().progress.done;
    expect(doneAtPause).toBeLessThan(450);
    await sleep(400);
    expect(service.runView()).toMatchObject({ state: 'paused', progress: { done: doneAtPause, running: 0 } });
    const resumed = await service.resumeRun();
    expect(resumed.state).toBe('running');
    await until(() => service.runView().state === 'finished' && service.runView());
    expect(service.runView().progress).toMatchObject({ done: 450, failed: 0 });
    await service.updateSettings({ maxConnections: 2 });
  });

  it('system sleep pauses the run; waking replaces every synthesizer and resumes it', async () => {
    // Right after the previous run reported 'finished' (its pool may still be closing): opening and
    // starting must work at once, with no retry (the product race of issue 8).
    await service.importText('mini3.json', await miniCourse(150, 'mini-sleep'));
    await service.updateSettings({ maxConnections: 1 });
    await service.startRun();
    await until(() => service.runView().progress.done > 0);
    service.onSystemSuspend();
    expect(service.runView().state).toBe('paused');
    await until(() => service.runView().progress.running === 0);
    const openedBefore = service.poolGauges().opened;
    const doneAsleep = service.runView().progress.done;
    await sleep(300);
    expect(service.runView().progress.done).toBe(doneAsleep);
    service.onSystemResume();
    await until(() => service.runView().state === 'finished' && service.runView());
    expect(service.runView().progress).toMatchObject({ done: 450, failed: 0 });
    // The worker that was idle through the sleep was retired, and a fresh one finished the run.
    expect(service.poolGauges().opened).toBeGreaterThan(openedBefore);
    await service.updateSettings({ maxConnections: 2 });
  });

  it('waking without a sleep-paused run resumes nothing', async () => {
    service.onSystemResume();
    expect(service.runView().state).not.toBe('running');
  });

  it('preview returns a playable URL through the token registry, with duration and peaks', async () => {
    await service.importText('mini.json', await miniCourse(10, 'mini'));
    const preview = await service.preview('p001', 'target');
    expect(preview.url.startsWith(AUDIO_BASE)).toBe(true);
    expect(preview.file).toBe('p001_target.wav');
    expect(preview.voice).toBe('es-ES-ElviraNeural');
    expect(preview.durationMs).toBeGreaterThan(300);
    expect(preview.peaks).toHaveLength(200);
    expect(Math.max(...preview.peaks)).toBeGreaterThan(0.05);
    const path = await service.tokens.resolve(preview.url.slice(AUDIO_BASE.length));
    expect(path).toBe(join(dir, 'out', 'mini', 'p001_target.wav'));
    const response = await serveFile(path!, { range: 'bytes=0-3' });
    expect(response.status).toBe(206);
    const chunks: Buffer[] = [];
    for await (const chunk of response.body!) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString('latin1')).toBe('RIFF');
    await expect(service.preview('p999', 'target')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('auditions render real audio at high priority, cached by content', async () => {
    const first = performance.now();
    const audio = await service.audition({ text: 'Buenos días, ¿qué tal?', voice: 'es-ES-AlvaroNeural', rate: 0.8 });
    const firstMs = performance.now() - first;
    expect(audio.durationMs).toBeGreaterThan(500);
    const path = (await service.tokens.resolve(audio.url.slice(AUDIO_BASE.length)))!;
    expect(path.startsWith(join(dir, 'audition'))).toBe(true);
    const bytes = await readFile(path);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(bytes.length).toBeGreaterThan(10_000);
    const again = performance.now();
    const cached = await service.audition({ text: 'Buenos días, ¿qué tal?', voice: 'es-ES-AlvaroNeural', rate: 0.8 });
    expect(performance.now() - again).toBeLessThan(firstMs);
    expect(cached.url).not.toBe(audio.url); // a fresh token, same file
    expect(await service.tokens.resolve(cached.url.slice(AUDIO_BASE.length))).toBe(path);
    await expect(service.audition({ text: 'x', voice: 'Elvira', rate: 1 })).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('re-renders one cell now, and a voice change marks exactly the affected cells stale', async () => {
    const before = (await stat(join(dir, 'out', 'mini', 'p002_known.wav'))).mtimeMs;
    const cell = await service.renderCell('p002', 'known');
    expect(cell.status).toBe('done');
    expect(cell.durationMs).toBeGreaterThan(200);
    expect((await service.snapshot()).cells['p002/known']?.durationMs).toBe(cell.durationMs);
    expect((await stat(join(dir, 'out', 'mini', 'p002_known.wav'))).mtimeMs).toBeGreaterThan(before);
    await expect(service.renderCell('p002', 'nope')).rejects.toMatchObject({ code: 'not-found' });

    const view = await service.assignVoice('target', 'es-ES-AlvaroNeural');
    expect(view.voices.target).toBe('es-ES-AlvaroNeural');
    expect(events.of('course:changed').at(-1)?.voices.target).toBe('es-ES-AlvaroNeural');
    const cells = (await service.snapshot()).cells;
    expect(cells['p001/target']?.status).toBe('stale');
    expect(cells['p001/target-slow']?.status).toBe('stale');
    expect(['cached', 'done']).toContain(cells['p001/known']?.status);
    expect(cells['p002/known']?.status).toBe('done');
    expect(await service.estimate()).toMatchObject({ toRender: 20, cached: 10 });
    await expect(service.assignVoice('narrator', 'x')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('a course opened from disk keeps a voice assignment in its file; a dropped course does not change any file', async () => {
    const file = join(dir, 'my-course.json');
    const text = (await miniCourse(2, 'mine')).replace('"target":"es-ES-ElviraNeural"', '"target": "es-ES-ElviraNeural"');
    await writeFile(file, text);
    await service.openPath(file);
    const view = await service.assignVoice('known', 'en-US-GuyNeural');
    expect(view.voices.known).toBe('en-US-GuyNeural');
    const saved = JSON.parse(await readFile(file, 'utf8')) as { voices: Record<string, string> };
    expect(saved.voices).toEqual({ target: 'es-ES-ElviraNeural', known: 'en-US-GuyNeural' });
    // Reopening shows the saved choice.
    expect((await service.openPath(file)).voices.known).toBe('en-US-GuyNeural');

    await service.importText('dropped.json', text);
    await service.assignVoice('known', 'en-US-AriaNeural');
    expect(JSON.parse(await readFile(file, 'utf8')).voices.known).toBe('en-US-GuyNeural');
  });

  it("a course that names its output format keeps it, whatever the studio's default", async () => {
    const course = JSON.parse(await miniCourse(1, 'mp3-course')) as Record<string, unknown>;
    await service.importText('mp3.json', JSON.stringify({ ...course, output: { format: 'mp3' } }));
    expect((await service.settingsView()).format).toBe('wav');
    await service.renderCell('p001', 'target');
    const preview = await service.preview('p001', 'target');
    expect(preview.file).toMatch(/p001_target\.mp3$/);
    expect(preview.durationMs).toBeGreaterThan(300);
  });

  it('a shutdown mid-run settles renders, persists the journal and closes every worker', async () => {
    await service.importText('mini3.json', await miniCourse(150, 'mini-quit'));
    await service.audition({ text: 'Adiós', voice: 'es-ES-ElviraNeural', rate: 1 }); // the audition pool is live too
    await service.startRun();
    await until(() => service.runView().progress.done >= 3);
    expect(service.liveSynthesizers()).toBeGreaterThanOrEqual(2); // run workers + the audition worker
    const report = await new ShutdownCoordinator({ steps: () => service.shutdownSteps(), deadlineMs: 8_000 }).shutdown();
    expect(report).toMatchObject({ timedOut: false, failed: [], completed: ['stop dispatch', 'settle in-flight renders', 'persist journal and manifest', 'close pools'] });
    const view: RunView = service.runView();
    expect(view.state).toBe('cancelled');
    const gauges = service.poolGauges();
    expect(gauges.inUse + gauges.idle).toBe(0);
    expect(gauges.closed).toBe(gauges.opened);
    expect(service.liveSynthesizers()).toBe(0); // every pool, the audition pool included
    const journal = (await readFile(join(dir, 'out', 'mini-quit', '.course-audio-studio', 'journal.jsonl'), 'utf8')).trim().split('\n');
    expect(journal.length).toBe(view.progress.done);
    await expect(service.startRun()).rejects.toMatchObject({ code: 'busy' });
  });
});
