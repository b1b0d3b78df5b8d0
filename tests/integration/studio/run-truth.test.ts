/**
 * What the Run tab says is true (issue 8, part A, main side), with the real offline engine: the run
 * view follows the current plan, the clock stops, remaining counts what is left, in-flight renders
 * never exceed the pool's slots, and Generate right after a finish works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EventChannel } from '../../../shared/ipc/channels';
import type { EventPayload, RunView } from '../../../shared/ipc/contract';
import type { EventSink } from '../../../electron/main/core/ipc/event-sink';
import type { StudioService } from '../../../electron/main/core/studio/studio-service';
import { voiceProblemsMessage } from '../../../electron/main/core/engines/voice-check';
import { miniCourse, startTestStudio, until, type TestStudio } from '../../support/studio-fixture';

/** Records run views, and lets a test act synchronously when one arrives. */
class RunSink implements EventSink {
  readonly views: RunView[] = [];
  onRun: ((view: RunView) => void) | undefined;
  emit<E extends EventChannel>(event: E, payload: EventPayload<E>): void {
    if (event !== 'run:changed') return;
    const view = payload as RunView;
    this.views.push(view);
    this.onRun?.(view);
  }
}

describe('the Run tab tells the truth (offline engine)', () => {
  let studio: TestStudio;
  let dir: string;
  let sink: RunSink;
  let service: StudioService;
  let errors: string[];

  beforeAll(async () => {
    sink = new RunSink();
    // Every run change goes out at once, so a test can act at the very moment 'finished' is shown.
    studio = await startTestStudio({ events: sink, intervals: { run: 0, cells: 50, pool: 50, sample: 200 } });
    ({ service, dir, errors } = studio);
  });

  afterAll(async () => {
    await studio.close();
  });

  it('Generate at the moment a run reports finished starts the next run (no "already in progress")', async () => {
    await service.importText('race.json', await miniCourse(4, 'race'));
    let second: Promise<RunView> | undefined;
    sink.onRun = (view) => {
      if (view.state === 'finished' && !second) second = service.startRun();
    };
    await service.startRun();
    await until(() => second);
    sink.onRun = undefined;
    const next = await second!; // rejected with 'busy' while the first run's pool was still closing
    expect(['running', 'finished']).toContain(next.state);
    await until(() => service.runView().state === 'finished' && !service.runs.activeRun());
    expect(errors).toEqual([]);
  });

  it('the clock stops when a run ends, and a settings change shows the new plan, not the old "Finished"', async () => {
    await service.importText('clock.json', await miniCourse(3, 'clock'));
    await service.startRun();
    const finished = await until(() => (service.runView().state === 'finished' ? service.runView() : undefined));
    await new Promise((r) => setTimeout(r, 600));
    expect(service.runView().progress.elapsedMs).toBe(finished.progress.elapsedMs);
    expect(service.runView().progress).toMatchObject({ remaining: 0, done: 9 });

    // Another format: every cell is Stale, so the Run tab is idle with everything to render.
    await service.updateSettings({ format: 'mp3' });
    const snapshot = await service.snapshot();
    expect(new Set(Object.values(snapshot.cells).map((cell) => cell.status))).toEqual(new Set(['stale']));
    expect(snapshot.run).toMatchObject({ state: 'idle', progress: { total: 9, done: 0, cached: 0, remaining: 9 } });
    await service.updateSettings({ format: 'wav' });
    // Back to WAV: the files are on disk again for this plan, but the view is still the plan's, not the old run's.
    expect(service.runView()).toMatchObject({ state: 'idle', progress: { total: 9, cached: 9, remaining: 0 } });
  });

  it('after Cancel, remaining counts the cancelled renders; in flight never exceeds the slots', async () => {
    await service.updateSettings({ maxConnections: 2 });
    await service.importText('cancel.json', await miniCourse(150, 'cancel'));
    sink.views.length = 0;
    await service.startRun();
    await until(() => service.runView().progress.done >= 4);
    // A single-cell render at high priority during the run: it waits for one of the same two slots.
    const extra = service.renderCell('p060', 'known');
    for (let i = 0; i < 10; i++) {
      const view = service.runView();
      expect(view.live).toBeDefined();
      expect(view.live!.rendering).toBeLessThanOrEqual(view.live!.slots);
      expect(view.live!.slots).toBe(2);
      expect(view.live!.rendering + view.live!.waitingForSlot + view.live!.writing).toBe(view.progress.running);
      await new Promise((r) => setTimeout(r, 5));
    }
    await extra;
    service.cancelRun();
    // Cancelled, and the renders being written when it landed settled (they finish: nothing paid is dropped).
    const over = await until(() => (service.runView().state === 'cancelled' && service.runView().progress.running === 0 ? service.runView() : undefined));
    const { total, done, cached, failed, cancelled, remaining } = over.progress;
    expect(cancelled).toBeGreaterThan(0);
    expect(remaining).toBe(total - done - cached - failed);
    expect(remaining).toBeGreaterThanOrEqual(cancelled);
    expect((await service.estimate()).toRender).toBe(remaining + failed);
    for (const view of sink.views) if (view.live) expect(view.live.rendering).toBeLessThanOrEqual(view.live.slots);
  });

  it('a bad output folder is refused at once in Settings, with what is wrong and where', async () => {
    const started = performance.now();
    await expect(service.updateSettings({ outputDir: '/proc/nope' })).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('/proc') });
    await writeFile(join(dir, 'a-file'), 'x');
    await expect(service.updateSettings({ outputDir: join(dir, 'a-file', 'out') })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('is a file, not a folder'),
    });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect((await service.settingsView()).outputDir).toBe(join(dir, 'out'));
  });

  it('a folder that went bad after Settings: Generate refuses at once, naming it, and nothing is left running', async () => {
    await service.updateSettings({ outputDir: join(dir, 'later') });
    await service.importText('later.json', await miniCourse(2, 'later'));
    await writeFile(join(dir, 'later'), 'now a file where the folder was to be');
    const started = performance.now();
    await expect(service.startRun()).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining(`"${join(dir, 'later')}" is a file, not a folder`) });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(service.runs.activeRun()).toBeUndefined();
    expect(service.runView().state).toBe('idle');
    await service.updateSettings({ outputDir: join(dir, 'out') });
  });

  it('voices the engine cannot speak: one line naming each, before anything renders', async () => {
    const course = JSON.parse(await miniCourse(2, 'voices')) as { voices: Record<string, string> };
    await service.importText('voices.json', JSON.stringify({ ...course, voices: { ...course.voices, target: 'qq-QQ-NobodyNeural' } }));
    const error = (await service.startRun().then(
      () => undefined,
      (rejected: unknown) => rejected,
    )) as { code: string; message: string };
    expect(error.code).toBe('course-invalid');
    expect(error.message).toContain('qq-QQ-NobodyNeural');
    // The CLI's words, one problem a line (the toast shows every line).
    expect(error.message.startsWith(voiceProblemsMessage('offline', []))).toBe(true);
    expect(service.runs.activeRun()).toBeUndefined();
  });

  it("estimates come from this session's renders of the engine: a range before, a measured time after", async () => {
    // The offline engine has rendered above: its estimate is measured, with no range.
    const estimate = service.estimate();
    expect(estimate.eta).toMatchObject({ basis: 'measured', stalled: false });
    expect(estimate.eta!.lowMs).toBe(estimate.eta!.highMs);
  });
});
