/**
 * Messages between `OfflineSynthesizer` (main side) and `espeak-worker.mjs`. The worker is plain
 * JavaScript, so these types are the only written-down contract: keep both sides in step.
 */

/** Sent once in `workerData`. */
export interface WorkerInit {
  /** The warm-up synth's lines (`espeakLines`): the worker says it is ready once they are spoken. */
  readonly warmupLines: readonly string[];
  /**
   * An Int32 the main thread increments (Atomics.add + notify) after every message it posts: the
   * worker's event loop is blocked inside eSpeak's program, so it sleeps on this and then takes the
   * message with receiveMessageOnPort (espeak-worker.mjs).
   */
  readonly wake: SharedArrayBuffer;
}

export interface SynthJobMessage {
  readonly type: 'synth';
  readonly id: number;
  /** What eSpeak reads, one utterance per line, voice, rate and pitch in each (`espeakLines`). */
  readonly lines: readonly string[];
  /** The eSpeak voice the lines ask for (the worker refuses one its data does not have). */
  readonly voice: string;
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
  /** Compiling and instantiating the 18 MB .wasm (code and voice data). */
  readonly initMs: number;
  /** eSpeak's program start-up (its data loaded) and the first synth. */
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
