import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MemorySink } from '../../electron/main/core/ipc/event-sink';
import { ConfSettingsStore } from '../../electron/main/core/settings/conf-settings-store';
import { FileSecretBox } from '../../electron/main/core/settings/file-secret-box';
import { ShutdownCoordinator, type ShutdownStep } from '../../electron/main/core/shutdown';
import type { SpeechEngine, Synthesizer } from '../../electron/main/core/engines/speech-engine';
import { SynthesisError } from '../../electron/main/core/engines/synthesis-error';
import { encodeWav } from '../../electron/main/core/output/wav';
import { StudioService } from '../../electron/main/core/studio/studio-service';
import { useTempFolderPerTest } from '../support/temp-folder';

const never = (): Promise<void> => new Promise<void>(() => undefined);

describe('ShutdownCoordinator', () => {
  it('runs the steps strictly in order, each after the previous one finished', async () => {
    const log: string[] = [];
    const step = (name: string, ms: number): ShutdownStep => ({
      name,
      run: async () => {
        log.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        log.push(`end ${name}`);
      },
    });
    const report = await new ShutdownCoordinator({
      steps: [step('stop dispatch', 20), step('settle', 5), step('persist', 10), step('close pools', 1)],
      deadlineMs: 2_000,
    }).shutdown();
    expect(log).toEqual(['start stop dispatch', 'end stop dispatch', 'start settle', 'end settle', 'start persist', 'end persist', 'start close pools', 'end close pools']);
    expect(report).toMatchObject({ completed: ['stop dispatch', 'settle', 'persist', 'close pools'], failed: [], unfinished: [], timedOut: false });
  });

  it('is idempotent: a second call returns the same promise and runs nothing again', async () => {
    let runs = 0;
    const coordinator = new ShutdownCoordinator({ steps: [{ name: 'a', run: async () => void runs++ }], deadlineMs: 1_000 });
    const first = coordinator.shutdown();
    const second = coordinator.shutdown();
    expect(second).toBe(first);
    await first;
    expect(coordinator.shutdown()).toBe(first);
    expect(runs).toBe(1);
  });

  it('resolves at the deadline when a step hangs, reporting it and every later step as unfinished', async () => {
    let laterRan = false;
    let hangingSignal: AbortSignal | undefined;
    const started = performance.now();
    const report = await new ShutdownCoordinator({
      steps: [
        { name: 'stop dispatch', run: () => undefined },
        {
          name: 'close pools',
          run: (signal) => {
            hangingSignal = signal;
            return never();
          },
        },
        { name: 'after', run: () => void (laterRan = true) },
      ],
      deadlineMs: 150,
    }).shutdown();
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(1_000);
    expect(report).toMatchObject({ completed: ['stop dispatch'], unfinished: ['close pools', 'after'], timedOut: true });
    expect(laterRan).toBe(false);
    expect(hangingSignal?.aborted).toBe(true); // the hanging step was told to give up
  });

  it('a failing step is reported and does not stop the steps after it', async () => {
    const ran: string[] = [];
    const report = await new ShutdownCoordinator({
      steps: [
        {
          name: 'persist',
          run: () => {
            throw new Error('disk full');
          },
        },
        { name: 'close pools', run: () => void ran.push('close pools') },
      ],
      deadlineMs: 1_000,
    }).shutdown();
    expect(ran).toEqual(['close pools']);
    expect(report.failed).toEqual([{ name: 'persist', message: 'disk full' }]);
    expect(report.completed).toEqual(['close pools']);
  });

  it('takes the steps lazily, when shutdown starts', async () => {
    const names: string[] = [];
    const coordinator = new ShutdownCoordinator({ steps: () => names.map((name) => ({ name, run: () => undefined })), deadlineMs: 500 });
    names.push('late');
    expect((await coordinator.shutdown()).completed).toEqual(['late']);
  });
});

describe('the studio shutdown steps, with fake engines that hang', () => {
  const temp = useTempFolderPerTest('shutdown-');

  /**
   * A synthesizer whose renders take `renderMs` (and honour abort) and whose close() hangs when asked:
   * the worst an engine can do at quit time.
   */
  function fakeEngine(options: { renderMs: number; closeHangs: boolean }): SpeechEngine & { closes: number } {
    const engine = {
      name: 'offline' as const,
      closes: 0,
      async createSynthesizer(): Promise<Synthesizer> {
        return {
          isUsable: () => true,
          close: () => {
            engine.closes++;
            return options.closeHangs ? never() : Promise.resolve();
          },
          synthesize: (_request, signal) =>
            new Promise((resolve, reject) => {
              const timer = setTimeout(() => resolve({ bytes: encodeWav(new Int16Array(2205), 22_050), format: 'wav', sampleRate: 22_050, durationMs: 100 }), options.renderMs);
              signal?.addEventListener('abort', () => {
                clearTimeout(timer);
                reject(new SynthesisError('cancelled', 'Cancelled'));
              });
            }),
        };
      },
      close: async () => undefined,
    };
    return engine;
  }

  function studio(engine: SpeechEngine, settleMs: number) {
    const secrets = new FileSecretBox(temp.dir);
    const settings = new ConfSettingsStore({ cwd: temp.dir, outputDir: join(temp.dir, 'out') });
    const service = new StudioService({
      settings,
      secrets,
      createEngine: async () => engine,
      events: new MemorySink(),
      audioUrl: (token) => `app://audio/${token}`,
      auditionCacheDir: join(temp.dir, 'cache'),
      transport: 'electron',
      settleMs,
    });
    return service;
  }

  const course = JSON.stringify({
    schema: 'course/1',
    id: 'shutdown-course',
    title: 'Shutdown',
    languages: { target: 'es-ES', known: 'en-US' },
    voices: { target: 'es-ES-ElviraNeural' },
    variants: [{ id: 'target', text: 'target', voice: 'target' }],
    phrases: Array.from({ length: 40 }, (_, i) => ({ id: `p${i + 1}`, known: `k${i}`, target: `t${i}` })),
  });

  it('lets in-flight renders finish, journals them, and closes the pool', async () => {
    const engine = fakeEngine({ renderMs: 60, closeHangs: false });
    const service = studio(engine, 2_000);
    await service.importText('c.json', course);
    await service.startRun();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const report = await new ShutdownCoordinator({ steps: () => service.shutdownSteps(), deadlineMs: 3_000 }).shutdown();
    expect(report).toMatchObject({ completed: ['stop dispatch', 'settle in-flight renders', 'persist journal and manifest', 'close pools'], timedOut: false });
    expect(engine.closes).toBeGreaterThan(0);
    const gauges = service.poolGauges();
    expect(gauges.inUse + gauges.idle).toBe(0);
    expect(gauges.opened).toBe(gauges.closed);
    // Every finished render is in the journal and the manifest; the rest was cancelled, not lost.
    const manifest = JSON.parse(await readFile(join(temp.dir, 'out', 'shutdown-course', 'manifest.json'), 'utf8')) as { items: unknown[] };
    const journal = (await readFile(join(temp.dir, 'out', 'shutdown-course', '.course-audio-studio', 'journal.jsonl'), 'utf8')).trim().split('\n');
    expect(manifest.items.length).toBe(journal.length);
    expect(journal.length).toBeGreaterThan(0);
    expect(journal.length).toBeLessThan(40);
    expect(service.runView().state).toBe('cancelled');
    await expect(service.startRun()).rejects.toMatchObject({ code: 'busy' });
  });

  it('stays within the deadline when renders never settle and synthesizers never close', async () => {
    const engine = fakeEngine({ renderMs: 60_000, closeHangs: true });
    const service = studio(engine, 100);
    await service.importText('c.json', course);
    await service.startRun();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    const report = await new ShutdownCoordinator({ steps: () => service.shutdownSteps(), deadlineMs: 700 }).shutdown();
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(report.timedOut).toBe(true);
    expect(report.completed).toEqual(expect.arrayContaining(['stop dispatch', 'settle in-flight renders']));
    expect(report.unfinished).toContain('close pools');
  });
});
