/**
 * One offline synthesizer = one worker thread (`espeak-worker.mjs`) with its own eSpeak NG instance.
 *
 * Concurrency: calls are QUEUED, FIFO. The worker holds up to JOBS_IN_WORKER of them: the one eSpeak
 * synthesizes and the next, sent ahead, so eSpeak starts it the moment it is done instead of waiting
 * for this thread to take the result and send another (on a busy 2-core machine that hand-off cost
 * the worker 0.35-0.55 s per run of the sample course). The engine lets the pool hand a synthesizer to
 * as many calls at once (`callsPerSynthesizer`, engine-pool.ts); the queue also makes any overlapping
 * call safe, which matters after an abort (see below).
 *
 * Abort: a queued job is removed and rejects at once. A job already inside the worker rejects at
 * once with `SynthesisError('cancelled')`; the worker finishes it (a few ms, synth is synchronous)
 * and the result is dropped. The synthesizer stays usable: respawning a worker costs ~300-400 ms,
 * far more than letting a phrase finish. A job that runs longer than `jobTimeoutMs` (a hung eSpeak)
 * gets the worker terminated, rejects with `timeout` and makes the synthesizer unusable.
 *
 * Crashes: a worker `error`, `exit`, `messageerror`, or an eSpeak `Aborted()` reported by the worker
 * rejects the in-flight and queued jobs with `SynthesisError('engine-crash')` and makes `isUsable()`
 * false; the pool destroys it and creates a new one.
 *
 * The worker returns PCM only. Course runs ask for WAV (masters are PCM WAV; MP3 files are derived
 * from them by the output build). A direct MP3 request (the studio's audition) is encoded here with
 * output/mp3.ts, the product's one MP3 encoder path.
 *
 * The worker is unref()'d while idle, so an idle synthesizer never keeps a CLI process alive.
 */
import type { Worker } from 'node:worker_threads';
import { escapeXml } from '../../course/ssml';
import { durationMsOf } from '../../output/audio-duration';
import { encodeMp3, mp3BitrateFor, preloadMp3Encoder } from '../../output/mp3';
import { encodeWav } from '../../output/wav';
import type { SynthesisRequest, SynthesizedAudio, Synthesizer } from '../speech-engine';
import { SynthesisError, type SynthesisErrorKind } from '../synthesis-error';
import { exactSilenceOf, withExactSilence, type ExactSilence } from './exact-silence';
import { EspeakInputTooLongError, espeakLines } from './espeak-lines';
import { espeakRateWpm, toEspeakSsml } from './espeak-ssml';
import { offlineVoiceFor, UnsupportedOfflineLocaleError, type OfflineVoice } from './voice-map';
import { startEspeakWorker, terminateQuietly } from './espeak-worker-thread';
import type { FromWorker, ResultMessage, StartupTimings, SynthJobMessage, ToWorker } from './worker-protocol';

export interface OfflineSynthesizerOptions {
  /**
   * Where `espeak-worker.mjs` is. Default: beside this module (`new URL('./espeak-worker.mjs',
   * import.meta.url)`), right for tsx, vitest and an unbundled build; a bundle that copies the
   * worker elsewhere passes its URL here.
   */
  readonly workerUrl?: URL;
  /** Max wait for the worker to load eSpeak and warm up. Default 30 s. */
  readonly startupTimeoutMs?: number;
  /** Max time one job may run inside the worker before it is killed. Default 60 s. */
  readonly jobTimeoutMs?: number;
  /** Load LAME (on this thread) during startup, so the first MP3 request is as fast as the rest. Default false: runs ask for WAV. */
  readonly preloadMp3?: boolean;
}

/** What the worker measured for one job, for benchmarks and the pool gauges. */
export interface OfflineJobTimings {
  /** eSpeak synthesis inside the worker. */
  readonly synthMs: number;
  /** MP3 encoding inside the worker (0 for WAV). */
  readonly encodeMs: number;
  /** Epoch ms when the worker started / finished the job (comparable across threads). */
  readonly startedAt: number;
  readonly endedAt: number;
  /** Epoch ms when this thread sent the job to the worker: before the job ahead of it ended when it was sent ahead. */
  readonly sentAt: number;
  readonly threadId: number;
}

export interface OfflineSynthesizedAudio extends SynthesizedAudio {
  readonly timings: OfflineJobTimings;
}

export type CrashMode = 'terminate' | 'exit' | 'throw' | 'abort';

/** Jobs a worker holds at once: the one it synthesizes and the next, sent ahead. */
export const JOBS_IN_WORKER = 2;

interface Job {
  readonly id: number;
  readonly message: SynthJobMessage;
  /** What the caller asked for: the worker always answers PCM. */
  readonly format: 'wav' | 'mp3';
  /** Exact leading / trailing silence the SSML asks for, put into the PCM (exact-silence.ts). */
  readonly silence: ExactSilence;
  readonly resolve: (audio: OfflineSynthesizedAudio) => void;
  readonly reject: (error: Error) => void;
  /** True once the caller got an answer (result, abort, failure): later outcomes are dropped. */
  settled: boolean;
  /** Epoch ms when it was sent to the worker. */
  sentAt: number;
  cleanup: () => void;
}

let nextJobId = 1;

export class OfflineSynthesizer implements Synthesizer {
  /**
   * Starts a worker and resolves once it has loaded eSpeak and done a warm-up synth.
   * Rejects with `SynthesisError('engine-crash')` if it fails or times out (the worker is terminated).
   */
  static async create(options: OfflineSynthesizerOptions = {}, hooks: { readonly onClose?: () => void } = {}): Promise<OfflineSynthesizer> {
    const startedAt = performance.now();
    if (options.preloadMp3) await preloadMp3Encoder();
    const { worker, timings, post } = await startEspeakWorker(options);
    return new OfflineSynthesizer(worker, post, { ...timings, totalMs: performance.now() - startedAt }, options.jobTimeoutMs ?? 60_000, hooks.onClose);
  }

  private readonly queue: Job[] = [];
  /** Jobs sent to the worker and not answered yet, in the order it runs them: the first is running. */
  private readonly inWorker: Job[] = [];
  /** The running job's timeout (jobTimeoutMs from when it started, or was sent if the worker was idle). */
  private runningTimer: NodeJS.Timeout | undefined;
  private dead = false;
  private closePromise: Promise<void> | undefined;

  private constructor(
    private readonly worker: Worker,
    private readonly post: (message: ToWorker) => void,
    /** Cold-start measurements; `totalMs` is the whole `create()` as seen from the caller's thread. */
    readonly startup: StartupTimings & { readonly totalMs: number },
    private readonly jobTimeoutMs: number,
    private onClose: (() => void) | undefined,
  ) {
    worker.on('message', (message: FromWorker) => this.onMessage(message));
    worker.on('error', (error: Error) => this.fail('engine-crash', `eSpeak worker crashed: ${error.message}`, error.stack));
    worker.on('messageerror', (error: Error) => this.fail('engine-crash', `eSpeak worker sent an unreadable message: ${error.message}`));
    worker.on('exit', (code: number) => this.fail('engine-crash', `eSpeak worker exited unexpectedly (code ${code})`));
    worker.unref();
  }

  /** Tells `listener` when this synthesizer is closed (replaces the one given to create(): an adopter's). */
  whenClosed(listener: () => void): void {
    this.onClose = listener;
  }

  /** The worker's thread id (distinct per synthesizer). */
  get threadId(): number {
    return this.startup.threadId;
  }

  isUsable(): boolean {
    return !this.dead;
  }

  synthesize(request: SynthesisRequest, signal?: AbortSignal): Promise<OfflineSynthesizedAudio> {
    if (this.dead) {
      return Promise.reject(new SynthesisError(this.closePromise ? 'cancelled' : 'engine-crash', 'This offline synthesizer is closed or crashed; use another one'));
    }
    let message: SynthJobMessage;
    try {
      message = this.buildJob(request);
    } catch (error) {
      return Promise.reject(error);
    }
    if (signal?.aborted) return Promise.reject(cancelled(signal));

    return new Promise<OfflineSynthesizedAudio>((resolve, reject) => {
      const silence = exactSilenceOf(request.ssml ?? '');
      const job: Job = { id: message.id, message, format: request.format, silence, resolve, reject, settled: false, sentAt: 0, cleanup: () => undefined };
      if (signal) {
        const onAbort = (): void => {
          const queued = this.queue.indexOf(job);
          if (queued >= 0) this.queue.splice(queued, 1);
          // If the worker holds it already, it runs it and the result is dropped (see file comment).
          this.settle(job, cancelled(signal));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        job.cleanup = () => signal.removeEventListener('abort', onAbort);
      }
      this.queue.push(job);
      this.pump();
    });
  }

  /**
   * Terminates the worker. In-flight and queued jobs reject with `SynthesisError('cancelled')`.
   * Idempotent, never throws, resolves within ~5 s even if termination stalls.
   */
  close(): Promise<void> {
    if (!this.closePromise) {
      this.dead = true;
      this.rejectAll(true, () => new SynthesisError('cancelled', 'The offline synthesizer was closed'));
      this.closePromise = terminateQuietly(this.worker);
      try {
        this.onClose?.();
      } catch {
        // an observer's problem, not the caller's
      }
    }
    return this.closePromise;
  }

  /**
   * Test hook: break the worker the way real failures do. `terminate` kills the thread from here,
   * `exit` makes it call process.exit, `throw` raises an uncaught error in it, and `abort` makes its
   * next synth throw like eSpeak's `Aborted()`.
   */
  simulateCrashForTesting(mode: CrashMode): void {
    if (mode === 'terminate') {
      void this.worker.terminate();
      return;
    }
    this.post({ type: 'crash', mode });
  }

  private buildJob(request: SynthesisRequest): SynthJobMessage {
    if (typeof request.text !== 'string' || request.text.trim() === '') {
      throw new SynthesisError('bad-request', 'Cannot synthesize an empty text');
    }
    if (request.format !== 'wav' && request.format !== 'mp3') {
      throw new SynthesisError('bad-request', `Unsupported output format "${String(request.format)}" (wav or mp3)`);
    }
    if (!Number.isFinite(request.rate) || request.rate <= 0) {
      throw new SynthesisError('bad-request', `Invalid speaking rate ${request.rate}`);
    }
    let voice: OfflineVoice;
    try {
      voice = offlineVoiceFor(request.voice, request.locale);
    } catch (error) {
      if (error instanceof UnsupportedOfflineLocaleError) throw new SynthesisError('bad-request', error.message);
      throw error;
    }
    const ssml = request.ssml?.trim() ? request.ssml : `<speak>${escapeXml(request.text)}</speak>`;
    let lines: string[];
    try {
      lines = espeakLines(toEspeakSsml(ssml), voice.espeakVoice, espeakRateWpm(request.rate), voice.pitch);
    } catch (error) {
      if (error instanceof EspeakInputTooLongError) throw new SynthesisError('bad-request', `The offline engine cannot read this text: ${error.message}`);
      throw error;
    }
    return { type: 'synth', id: nextJobId++, lines, voice: voice.espeakVoice };
  }

  /** Sends queued jobs until the worker holds JOBS_IN_WORKER. */
  private pump(): void {
    if (this.dead) return;
    while (this.inWorker.length < JOBS_IN_WORKER) {
      const job = this.queue.shift();
      if (!job) break;
      this.inWorker.push(job);
      job.sentAt = performance.timeOrigin + performance.now();
      this.post(job.message);
    }
    if (this.inWorker.length === 0) {
      this.worker.unref();
      return;
    }
    this.worker.ref(); // a job in flight keeps the process alive
    if (!this.runningTimer) this.timeRunningJob();
  }

  /** Starts the timeout of the job the worker runs now (the first it holds). */
  private timeRunningJob(): void {
    clearTimeout(this.runningTimer);
    this.runningTimer = undefined;
    if (this.inWorker.length === 0) return;
    this.runningTimer = setTimeout(() => {
      this.fail('timeout', `eSpeak took longer than ${this.jobTimeoutMs} ms; the worker was terminated`);
    }, this.jobTimeoutMs);
    this.runningTimer.unref();
  }

  private onMessage(message: FromWorker): void {
    if (message.type !== 'result' && message.type !== 'failed') return;
    // The worker answers in order, so this is the first job it holds; anything else is a stale answer after a crash/close.
    const job = this.inWorker[0];
    if (!job || job.id !== message.id) return;
    this.inWorker.shift();
    this.timeRunningJob(); // the next job it holds starts now
    if (message.type === 'failed') {
      if (message.fatal) {
        this.fail(message.kind, message.message, message.detail, job);
        return;
      }
      this.settle(job, new SynthesisError(message.kind, message.message, message.detail));
    } else if (!job.settled) {
      this.toAudio(message, job).then(
        (audio) => this.settle(job, undefined, audio),
        (error: unknown) => this.settle(job, new SynthesisError('engine-crash', `eSpeak returned unusable audio: ${(error as Error).message}`)),
      );
    }
    this.pump();
  }

  private async toAudio(result: ResultMessage, { format, silence, sentAt }: Job): Promise<OfflineSynthesizedAudio> {
    const pcm = withExactSilence(result.pcm, result.sampleRate, silence);
    const message = { ...result, pcm, samples: pcm.length };
    const timings = (encodeMs: number): OfflineJobTimings => ({
      synthMs: message.synthMs,
      encodeMs,
      startedAt: message.startedAt,
      endedAt: message.endedAt,
      sentAt,
      threadId: this.startup.threadId,
    });
    if (format === 'mp3') {
      const started = performance.now();
      const bytes = await encodeMp3(message.pcm, message.sampleRate, { bitrate: mp3BitrateFor(message.sampleRate, 1) });
      return { bytes, format: 'mp3', sampleRate: message.sampleRate, durationMs: durationMsOf(bytes, 'mp3'), timings: timings(performance.now() - started) };
    }
    const bytes = encodeWav(message.pcm, message.sampleRate);
    return { bytes, format: 'wav', sampleRate: message.sampleRate, durationMs: (message.samples / message.sampleRate) * 1000, timings: timings(0) };
  }

  /**
   * The worker is gone or must not be trusted: reject everything, mark unusable, terminate it.
   * `failedJob` is the job the worker reported fatal for (no longer among the jobs it holds).
   */
  private fail(kind: SynthesisErrorKind, message: string, detail?: string, failedJob?: Job): void {
    if (this.dead) return;
    this.dead = true;
    if (failedJob) this.settle(failedJob, new SynthesisError(kind, message, detail));
    // After a job the worker failed, the jobs it still holds never started.
    this.rejectAll(!failedJob, (isRunning) => new SynthesisError(isRunning ? kind : 'engine-crash', isRunning ? message : `Not run: ${message}`, detail));
    void terminateQuietly(this.worker);
  }

  /** Rejects every job held or queued; `firstIsRunning`: the first job the worker holds had started. */
  private rejectAll(firstIsRunning: boolean, makeError: (isRunning: boolean) => SynthesisError): void {
    clearTimeout(this.runningTimer);
    this.runningTimer = undefined;
    const held = this.inWorker.splice(0);
    held.forEach((job, index) => this.settle(job, makeError(firstIsRunning && index === 0)));
    for (const job of this.queue.splice(0)) this.settle(job, makeError(false));
  }

  private settle(job: Job, error: Error | undefined, audio?: OfflineSynthesizedAudio): void {
    if (job.settled) return;
    job.settled = true;
    job.cleanup();
    if (error) job.reject(error);
    else if (audio) job.resolve(audio);
  }
}

function cancelled(signal: AbortSignal): SynthesisError {
  const reason: unknown = signal.reason;
  const why = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : 'aborted';
  return new SynthesisError('cancelled', `Synthesis cancelled: ${why}`);
}
