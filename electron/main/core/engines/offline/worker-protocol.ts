/**
 * Messages between `OfflineSynthesizer` (main side) and `espeak-worker.mjs`. The worker is plain
 * JavaScript, so these types are the only written-down contract: keep both sides in step.
 */

/** Sent once in `workerData`. */
export interface WorkerInit {
  /** eSpeak voice used for the warm-up synth (JIT warm-up, ~150-200 ms the first time). */
  readonly warmupVoice: string;
}

export interface SynthJobMessage {
  readonly type: 'synth';
  readonly id: number;
  /** SSML already rewritten for eSpeak (`toEspeakSsml`). */
  readonly input: string;
  readonly voice: string;
  readonly wpm: number;
  readonly pitch: number;
}

/** Test hook: make the worker fail the way a real crash would. */
export interface CrashMessage {
  readonly type: 'crash';
  /** exit: process.exit in the worker; throw: uncaught error; abort: the next synth throws like eSpeak's Aborted(). */
  readonly mode: 'exit' | 'throw' | 'abort';
}

export type ToWorker = SynthJobMessage | CrashMessage;

export interface StartupTimings {
  /** import() of the eSpeak module. */
  readonly importMs: number;
  /** init() (reads the 24 MB espeak-ng.data) + new eSpeakNGWorker(). */
  readonly initMs: number;
  /** First synth (JIT warm-up). */
  readonly warmupMs: number;
  readonly sampleRate: number;
  readonly threadId: number;
}

export interface ReadyMessage {
  readonly type: 'ready';
  readonly timings: StartupTimings;
}

export interface InitFailedMessage {
  readonly type: 'init-failed';
  readonly message: string;
  readonly detail?: string;
}

export interface ResultMessage {
  readonly type: 'result';
  readonly id: number;
  /** The PCM (transferred). The worker never encodes: MP3 is output/mp3.ts's job. */
  readonly pcm: Int16Array;
  readonly samples: number;
  readonly sampleRate: number;
  readonly synthMs: number;
  /** Always 0 (kept so the worker's message stays stable). */
  readonly encodeMs: number;
  /** Epoch ms (performance.timeOrigin + now), comparable across threads. */
  readonly startedAt: number;
  readonly endedAt: number;
}

export interface FailedMessage {
  readonly type: 'failed';
  readonly id: number;
  /** A fatal failure leaves the eSpeak instance unusable: the worker takes no more jobs. */
  readonly fatal: boolean;
  readonly kind: 'bad-request' | 'engine-crash';
  readonly message: string;
  readonly detail?: string;
}

export type FromWorker = ReadyMessage | InitFailedMessage | ResultMessage | FailedMessage;
