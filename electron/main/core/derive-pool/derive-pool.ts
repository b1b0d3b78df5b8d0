import { availableParallelism } from 'node:os';
import { type Worker } from 'node:worker_threads';
import { startWorker } from '../engines/offline/worker-exec-argv';
import { DERIVE_HEAP_LIMIT_MB, outOfMemoryMessage, TRACK_AUDIO_BUDGET_BYTES, trackTooLargeMessage } from './derive-memory';
import type { DeriveWorkerData, FromDeriveWorker, ToDeriveWorker } from './derive-protocol';
import { runDeriveTask, transferablesOf, type DeliverResult, type DeliverTask, type DeriveTask, type TrackResult, type TrackTask } from './derive-tasks';

/**
 * A few worker threads that derive delivered files and lesson tracks from masters (derive-tasks.ts),
 * so the thread that runs the queue, the journal and the disk is never busy with DSP or encoding while
 * the engine's workers wait for their next render. One task per worker at a time, in order of arrival;
 * audio buffers are moved to the worker and back, never copied.
 *
 * Workers start on first use (or `warm()`), hold the process open only while a task is pending, and
 * are replaced when one dies mid-task (that task fails, the others go on). When no worker can start at
 * all (a bundle without the worker file), tasks run inline on the calling thread: slower, same result.
 */
export interface DerivePoolOptions {
  /** Worker threads; default `os.availableParallelism()`. */
  readonly size?: number;
  /** Each worker's V8 heap cap in MB (`resourceLimits.maxOldGenerationSizeMb`); default DERIVE_HEAP_LIMIT_MB. */
  readonly heapLimitMb?: number;
  /** The audio buffers one track may take (derive-memory.ts); default TRACK_AUDIO_BUDGET_BYTES. */
  readonly trackAudioBudgetBytes?: number;
}

interface Pending {
  readonly id: number;
  readonly task: DeriveTask;
  readonly resolve: (result: DeliverResult | TrackResult) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  ready: boolean;
  busy: Pending | undefined;
}

/**
 * From source (tsx, vitest) the worker is derive-worker.ts behind a bootstrap that registers tsx in the
 * new thread; in the electron-vite bundle it is derive-worker.js beside the main bundle (its own entry,
 * electron.vite.config.ts). The names are joined at run time so no bundler rewrites them as assets.
 */
function workerEntry(): { url: URL; workerData?: { entry: string } } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { url: new URL(`./${'worker-bootstrap'}.mjs`, here), workerData: { entry: new URL(`./${'derive-worker'}.ts`, here).href } };
  return { url: new URL(`./${'derive-worker'}.js`, here) };
}

let nextTaskId = 1;

export class DerivePool {
  readonly size: number;
  /** Workers in use now (<= size): fewer while an engine on this machine synthesizes (`setLimit`). */
  private limit: number;
  readonly heapLimitMb: number;
  private readonly trackAudioBudgetBytes: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  /** Set once a worker failed to start: from then on tasks that find no worker run inline. */
  private startFailure: Error | undefined;
  private closed = false;
  /** Workers load the MP3 encoder as they start (warm({ mp3: true })), not on their first MP3. */
  private preloadMp3 = false;

  constructor(options: DerivePoolOptions = {}) {
    this.size = Math.max(1, options.size ?? availableParallelism());
    this.limit = this.size;
    this.heapLimitMb = options.heapLimitMb ?? DERIVE_HEAP_LIMIT_MB;
    this.trackAudioBudgetBytes = options.trackAudioBudgetBytes ?? TRACK_AUDIO_BUDGET_BYTES;
  }

  /** Worker threads started and not lost. */
  get started(): number {
    return this.slots.length;
  }

  /**
   * Uses at most `workers` of the pool's workers from now on (1..size); a run uses them all (an engine
   * on this machine, eSpeak, waits on delivery most of the time: run/course-run.ts). A raised limit
   * starts workers only for tasks waiting; a lowered one lets busy workers finish their task.
   */
  setLimit(workers: number): void {
    this.limit = Math.min(this.size, Math.max(1, Math.floor(workers)));
    this.startForWaitingTasks();
    this.dispatch();
  }

  /**
   * Starts every worker the limit allows now (they load the DSP while the engine warms up); `mp3`: and
   * the LAME encoder, in these workers and any started later (~30 ms of CPU each, which a WAV run skips).
   */
  warm(options: { readonly mp3?: boolean } = {}): void {
    if (options.mp3) this.preloadMp3 = true;
    while (!this.closed && !this.startFailure && this.slots.length < this.limit) this.startWorker();
  }

  /**
   * Starts workers only for tasks that no started worker is free to take: a worker costs its start-up
   * and compiling the DSP code again, which a run's last track would not pay back.
   */
  private startForWaitingTasks(): void {
    while (!this.closed && !this.startFailure && this.slots.length < this.limit && this.queue.length > this.slots.filter((slot) => !slot.busy).length) this.startWorker();
  }

  deliver(task: DeliverTask): Promise<DeliverResult> {
    return this.run(task) as Promise<DeliverResult>;
  }

  track(task: TrackTask): Promise<TrackResult> {
    // Audio buffers are outside the workers' heap cap: a track too long for this machine is refused first.
    const tooLarge = trackTooLargeMessage(task, this.trackAudioBudgetBytes);
    if (tooLarge) return Promise.reject(new Error(tooLarge));
    return this.run(task) as Promise<TrackResult>;
  }

  /** Tasks queued or running. */
  get pending(): number {
    return this.queue.length + this.slots.filter((slot) => slot.busy).length;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error('The derive pool is closed'));
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }

  private run(task: DeriveTask): Promise<DeliverResult | TrackResult> {
    if (this.closed) return Promise.reject(new Error('The derive pool is closed'));
    if (this.startFailure && this.slots.length === 0) return runDeriveTask(task);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: nextTaskId++, task, resolve, reject });
      this.startForWaitingTasks();
      this.dispatch();
    });
  }

  private startWorker(): void {
    const entry = workerEntry();
    let worker: Worker;
    try {
      worker = startWorker(entry.url, {
        resourceLimits: { maxOldGenerationSizeMb: this.heapLimitMb },
        workerData: { ...entry.workerData, preloadMp3: this.preloadMp3 } satisfies DeriveWorkerData,
      });
    } catch (error) {
      this.failedToStart(error);
      return;
    }
    const slot: Slot = { worker, ready: false, busy: undefined };
    this.slots.push(slot);
    worker.on('message', (message: FromDeriveWorker) => {
      if ('ready' in message) {
        slot.ready = true;
      } else {
        const pending = slot.busy;
        slot.busy = undefined;
        if (pending?.id === message.id) {
          if ('error' in message) pending.reject(new Error(outOfMemoryMessage(pending.task, { message: message.error }, this.heapLimitMb) ?? message.error));
          else pending.resolve(message.result);
        }
      }
      this.dispatch();
    });
    worker.on('error', (error) => this.lost(slot, error));
    worker.on('exit', (code) => this.lost(slot, new Error(`A derive worker stopped (exit code ${code})`)));
  }

  /** A worker died or failed to load: its task fails, and it is replaced unless it never started. */
  private lost(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    const pending = slot.busy;
    slot.busy = undefined;
    if (pending) pending.reject(new Error(outOfMemoryMessage(pending.task, error, this.heapLimitMb) ?? `Deriving failed: ${error.message}`));
    if (!slot.ready) this.failedToStart(error);
    else if (!this.closed && this.queue.length) this.startWorker();
    this.dispatch();
  }

  private failedToStart(error: unknown): void {
    if (!this.startFailure) {
      this.startFailure = error instanceof Error ? error : new Error(String(error));
      // Said once: the run still works, but on the thread that also drives the queue and the disk.
      process.emitWarning(`Derive workers could not start (${this.startFailure.message}): deriving on the main thread`, { code: 'CAS_DERIVE_INLINE' });
    }
    // Nothing will take the queued tasks if no worker is left: run them here.
    if (this.slots.length === 0) for (const pending of this.queue.splice(0)) runDeriveTask(pending.task).then(pending.resolve, pending.reject);
  }

  private dispatch(): void {
    for (const slot of this.slots.slice(0, this.limit)) {
      if (!slot.ready || slot.busy) continue;
      const pending = this.queue.shift();
      if (!pending) break;
      slot.busy = pending;
      slot.worker.postMessage({ id: pending.id, task: pending.task } satisfies ToDeriveWorker, transferablesOf(pending.task));
    }
    // Workers hold the process open only while there is work for them.
    const working = this.pending > 0;
    for (const slot of this.slots) {
      if (working) slot.worker.ref();
      else slot.worker.unref();
    }
  }
}

let shared: DerivePool | undefined;

/** The process's derive pool (the CLI's run and every studio run share it). */
export function sharedDerivePool(): DerivePool {
  shared ??= new DerivePool();
  return shared;
}
