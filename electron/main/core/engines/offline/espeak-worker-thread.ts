import { type Worker } from 'node:worker_threads';
import { SynthesisError } from '../synthesis-error';
import { startWorker } from './worker-exec-argv';
import { espeakLines } from './espeak-lines';
import { ESPEAK_BASE_WPM } from './espeak-ssml';
import type { FromWorker, StartupTimings, ToWorker, WorkerInit } from './worker-protocol';

/**
 * Starting and stopping an eSpeak worker thread (`espeak-worker.mjs`): the start-up handshake (the
 * worker loads eSpeak, warms it up and says it is ready, or says why not) and a termination bounded
 * in time. offline-synthesizer.ts runs a started worker's jobs.
 *
 * The worker is plain `.mjs` so it runs unchanged under tsx, vitest and an electron-vite bundle
 * without a build step (see the header of espeak-worker.mjs). A bundle must copy it next to its
 * output, or pass `workerUrl` (README.md, "Bundling").
 */
const DEFAULT_WORKER_URL = new URL('./espeak-worker.mjs', import.meta.url);
const CLOSE_TIMEOUT_MS = 5_000;
/** Spoken once at start-up, so the first job finds eSpeak's code compiled and both languages' data read. */
const WARMUP_SSML = '<speak>Hola, ¿qué tal? Hello, how are you today?</speak>';

export interface StartedEspeakWorker {
  readonly worker: Worker;
  readonly timings: StartupTimings;
  /** Sends a message to the worker (and wakes it: it sleeps inside eSpeak between jobs). */
  readonly post: (message: ToWorker) => void;
}

/**
 * A worker that has loaded eSpeak and done its warm-up synth. Rejects with
 * `SynthesisError('engine-crash')` if it fails or gives no answer within `startupTimeoutMs` (the
 * worker is terminated then).
 */
export async function startEspeakWorker(options: { readonly workerUrl?: URL; readonly startupTimeoutMs?: number }): Promise<StartedEspeakWorker> {
  const wakeCounter = new SharedArrayBuffer(4);
  const init: WorkerInit = { warmupLines: espeakLines(WARMUP_SSML, 'roa/es', ESPEAK_BASE_WPM, 50), wake: wakeCounter };
  const counter = new Int32Array(wakeCounter);
  const post = (message: ToWorker): void => {
    worker.postMessage(message);
    Atomics.add(counter, 0, 1);
    Atomics.notify(counter, 0);
  };
  let worker: Worker;
  try {
    worker = startWorker(options.workerUrl ?? DEFAULT_WORKER_URL, { workerData: init });
  } catch (error) {
    throw new SynthesisError('engine-crash', `eSpeak worker failed to start: ${(error as Error).message}`);
  }
  const timeoutMs = options.startupTimeoutMs ?? 30_000;
  try {
    const timings = await new Promise<StartupTimings>((resolve, reject) => {
      const fail = (message: string, detail?: string): void => {
        cleanup();
        reject(new SynthesisError('engine-crash', `eSpeak worker failed to start: ${message}`, detail));
      };
      const onMessage = (message: FromWorker): void => {
        if (message.type === 'ready') {
          cleanup();
          resolve(message.timings);
        } else if (message.type === 'init-failed') {
          fail(message.message, message.detail);
        }
      };
      const onError = (error: Error): void => fail(error.message, error.stack);
      const onExit = (code: number): void => fail(`the worker exited with code ${code}`);
      const timer = setTimeout(() => fail(`no answer within ${timeoutMs} ms`), timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
    return { worker, timings, post };
  } catch (error) {
    worker.on('error', () => undefined); // a late 'error' must not become an unhandled event
    await terminateQuietly(worker);
    throw error;
  }
}

/** worker.terminate(), bounded in time, never rejecting. */
export async function terminateQuietly(worker: Worker): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      worker.terminate().then(() => undefined),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
        timer.unref();
      }),
    ]);
  } catch {
    // already gone
  } finally {
    clearTimeout(timer);
  }
}
