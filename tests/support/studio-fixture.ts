/**
 * A real StudioService in a temporary folder, as the integration tests drive it: settings and the key
 * box on disk, the real engine factory, events validated against the IPC contract (a malformed event
 * lands in `errors`, as a log line would in the app), and a clean shutdown that closes every pool.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SettingsPatch } from '../../shared/ipc/contract';
import { validatingSink, type EventSink } from '../../electron/main/core/ipc/event-sink';
import { ConfSettingsStore } from '../../electron/main/core/settings/conf-settings-store';
import { FileSecretBox } from '../../electron/main/core/settings/file-secret-box';
import type { SecretBox } from '../../electron/main/core/settings/secret-box';
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
  /** The errors alone (refused events included), for tests whose scenario makes the studio warn on purpose (a conflict). */
  readonly loggedErrors: string[];
  /** Shuts the studio down (every pool closed) and removes the folder. */
  close(): Promise<void>;
}

export interface TestStudioOptions extends Partial<Pick<StudioServiceOptions, 'transport' | 'intervals' | 'samplesDir' | 'audioUrl'>> {
  /** Where events go (validated first); default: nowhere. */
  readonly events?: EventSink;
  /** Settings applied once the studio is up, as the page would (engine, Azure host, format, ...). */
  readonly settings?: SettingsPatch;
  /** An Azure key saved after `settings` (so it is bound to the host they set). */
  readonly key?: string;
  /** The key box the studio uses, built around the file box in the folder (e.g. an EndpointBoundSecretBox); default: that file box. */
  readonly secrets?: (files: FileSecretBox, settings: ConfSettingsStore) => SecretBox;
}

export async function startTestStudio(options: TestStudioOptions = {}): Promise<TestStudio> {
  const dir = await mkdtemp(join(tmpdir(), 'cas-studio-'));
  const errors: string[] = [];
  const loggedErrors: string[] = [];
  const log: Logger = {
    info: () => undefined,
    warn: (m) => errors.push(m),
    error: (m) => {
      errors.push(m);
      loggedErrors.push(m);
    },
  };
  const settings = new ConfSettingsStore({ cwd: join(dir, 'settings'), outputDir: join(dir, 'out') });
  const files = new FileSecretBox(join(dir, 'settings'));
  const secrets = options.secrets ? options.secrets(files, settings) : files;
  const service = new StudioService({
    settings,
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
  const close = async (): Promise<void> => {
    await new ShutdownCoordinator({ steps: () => service.shutdownSteps(), deadlineMs: 5_000 }).shutdown();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    if (options.settings) await service.updateSettings(options.settings);
    if (options.key !== undefined) await service.setKey(options.key);
  } catch (error) {
    await close(); // a refused setting leaves no studio or folder behind
    throw error;
  }
  return { service, dir, errors, loggedErrors, close };
}

/** The starter sample cut to its first `count` phrases, under another id (so it has its own output folder). */
export async function miniCourse(count: number, id: string): Promise<string> {
  const course = JSON.parse(await readFile(join(SAMPLE_COURSES, 'es-en-starter.json'), 'utf8')) as { id: string; phrases: unknown[] };
  return JSON.stringify({ ...course, id, phrases: course.phrases.slice(0, count) });
}

/**
 * Resolves on the first turn of the event loop that sees the studio's run finished (no 20 ms polling
 * gap): for what the page offers the moment the Run tab says Finished, before the run let go of the folder.
 */
export async function finishedNow(service: StudioService, timeoutMs = 50_000): Promise<void> {
  const started = performance.now();
  while (service.runView().state !== 'finished') {
    if (performance.now() - started > timeoutMs) throw new Error('timed out waiting for the run to finish');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Waits (checking every 20 ms) until `probe` returns a truthy value, and returns it. The default time
 * leaves room on a loaded machine, under the 60 s test timeout; `what` names the wait in the failure.
 */
export async function until<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  options: number | { readonly timeoutMs?: number; readonly what?: string } = {},
): Promise<T> {
  const { timeoutMs = 50_000, what } = typeof options === 'number' ? { timeoutMs: options } : options;
  const started = performance.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (performance.now() - started > timeoutMs) throw new Error(what ? `timed out waiting for ${what}` : 'timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
