import { parentPort, workerData } from 'node:worker_threads';
import { preloadMp3Encoder } from '../output/mp3';
import { runDeriveTask, transferablesOf } from './derive-tasks';
import type { DeriveWorkerData, FromDeriveWorker, ToDeriveWorker } from './derive-protocol';

/**
 * A derive worker: runs the tasks of derive-tasks.ts for the main thread, one at a time (the pool
 * gives each worker one task at a time), moving the audio buffers both ways instead of copying them.
 * Bundled as its own entry by electron-vite; run from source through worker-bootstrap.mjs.
 */
const port = parentPort;
if (!port) throw new Error('derive-worker.ts runs in a worker thread (derive-pool.ts starts it)');

port.on('message', (message: ToDeriveWorker) => {
  void runDeriveTask(message.task).then(
    (result) => port.postMessage({ id: message.id, result } satisfies FromDeriveWorker, transferablesOf(result)),
    (error: unknown) => port.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) } satisfies FromDeriveWorker),
  );
});

// For an MP3 run, the LAME wasm compiled while the engine warms up, not on the first MP3 (a WAV run
// never loads it).
const ready = (): void => port.postMessage({ ready: true } satisfies FromDeriveWorker);
if ((workerData as DeriveWorkerData | undefined)?.preloadMp3)
  void preloadMp3Encoder()
    .catch(() => undefined)
    .then(ready);
else ready();
