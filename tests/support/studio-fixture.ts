/**
 * A real StudioService in a temporary folder, as the integration tests drive it: settings and the key
 * box on disk, the real engine factory, events validated against the IPC contract (a malformed event
 * lands in `errors`, as a log line would in the app), and a clean shutdown that closes every pool.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { validatingSink, type EventSink } from '../../electron/main/core/ipc/event-sink';
import { ConfSettingsStore } from '../../electron/main/core/settings/conf-settings-store';
import { FileSecretBox } from '../../electron/main/core/settings/file-secret-box';
import { ShutdownCoordinator } from '../../electron/main/core/shutdown';
import { engineFactory } from '../../electron/main/core/studio/engine-factory';
import type { Logger } from '../../electron/main/core/studio/logger';
import { StudioService, type StudioServiceOptions } from '../../electron/main/core/studio/studio-service';

export const SAMPLE_COURSES = resolve(import.meta.dirname, '../../resources/courses');

export interface TestStudio {
  readonly service: StudioService;
  /** The temporary folder: settings/, out/ (the output folder), audition/. */
  readonly dir: string;
  /** Warnings and errors the studio logged, and events the contract refused. */
  readonly errors: string[];
  /** Shuts the studio down (every pool closed) and removes the folder. */
  close(): Promise<void>;
}

export interface TestStudioOptions extends Partial<Pick<StudioServiceOptions, 'transport' | 'intervals' | 'samplesDir' | 'audioUrl'>> {
  /** Where events go (validated first); default: nowhere. */
  readonly events?: EventSink;
}

export async function startTestStudio(options: TestStudioOptions = {}): Promise<TestStudio> {
  const dir = await mkdtemp(join(tmpdir(), 'cas-studio-'));
  const errors: string[] = [];
  const log: Logger = { info: () => undefined, warn: (m) => errors.push(m), error: (m) => errors.push(m) };
  const secrets = new FileSecretBox(join(dir, 'settings'));
  const service = new StudioService({
    settings: new ConfSettingsStore({ cwd: join(dir, 'settings'), outputDir: join(dir, 'out') }),
    secrets,
    createEngine: engineFactory(secrets),
    events: validatingSink(options.events ?? { emit: () => undefined }, log),
    audioUrl: options.audioUrl ?? ((token) => `app://audio/${token}`),
    auditionCacheDir: join(dir, 'audition'),
    transport: options.transport ?? 'bridge',
    log,
    ...(options.samplesDir ? { samplesDir: options.samplesDir } : {}),
    ...(options.intervals ? { intervals: options.intervals } : {}),
  });
  return {
    service,
    dir,
    errors,
    close: async () => {
      await new ShutdownCoordinator({ steps: () => service.shutdownSteps(), deadlineMs: 5_000 }).shutdown();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The starter sample cut to its first `count` phrases, under another id (so it has its own output folder). */
export async function miniCourse(count: number, id: string): Promise<string> {
  const course = JSON.parse(await readFile(join(SAMPLE_COURSES, 'es-en-starter.json'), 'utf8')) as { id: string; phrases: unknown[] };
  return JSON.stringify({ ...course, id, phrases: course.phrases.slice(0, count) });
}

/** Waits (checking every 20 ms) until `probe` returns a truthy value, and returns it; the default leaves room on a loaded machine, under the 60 s test timeout. */
export async function until<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 50_000): Promise<T> {
  const started = performance.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (performance.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
