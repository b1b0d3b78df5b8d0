import type { EngineName, OutputFormat } from '../../../../shared/model/audio';

/**
 * One render as an engine sees it. `ssml` is always complete, valid SSML (text already
 * XML-escaped, rate already in <prosody>); `text`, `voice`, `rate` and `locale` are kept beside it so
 * an engine can map voices or fall back without parsing SSML back.
 */
export interface SynthesisRequest {
  readonly ssml: string;
  readonly text: string;
  /** Azure voice short name, e.g. `es-ES-ElviraNeural`. */
  readonly voice: string;
  /** Speaking-rate multiplier, 1.0 = normal, 0.7 = slow variant. */
  readonly rate: number;
  /** BCP-47 locale of the text, e.g. `es-ES`. */
  readonly locale: string;
  readonly format: OutputFormat;
}

/** Finished audio, in memory, ready for the output layer to write as is. */
export interface SynthesizedAudio {
  readonly bytes: Uint8Array;
  readonly format: OutputFormat;
  readonly sampleRate: number;
  readonly durationMs: number;
}

/** One unit of synthesis capacity (an eSpeak worker thread, an Azure SpeechSynthesizer and its socket). */
export interface Synthesizer {
  /** Renders one request. Rejects with a `SynthesisError` (or any Error) on failure. */
  synthesize(request: SynthesisRequest, signal?: AbortSignal): Promise<SynthesizedAudio>;
  /** Cheap local health check used by the pool on borrow; never touches the network. */
  isUsable(): boolean;
  /** Releases the thread or socket. Idempotent, never throws, never hangs. */
  close(): Promise<void>;
  /** Calls made so far, when the engine counts them (Azure: a throttled first call reveals a connection cap). */
  readonly calls?: number;
}

/** The port both engines implement: a factory of synthesizers plus identity. */
export interface SpeechEngine {
  readonly name: EngineName;
  /**
   * Calls one synthesizer takes at once (default 1: an Azure socket speaks one turn at a time). An
   * eSpeak worker takes 2: it is handed the next render while it synthesizes one, so it never waits
   * for the main thread in between. The pool lets that many calls share a synthesizer (engine-pool.ts).
   */
  readonly callsPerSynthesizer?: number;
  /**
   * Creates and readies one synthesizer (a worker that has loaded eSpeak, a connected Azure socket).
   * `signal` (the pool's create timeout or drain): stop readying and free what was opened so far.
   */
  createSynthesizer(signal?: AbortSignal): Promise<Synthesizer>;
  /**
   * Which of these voices the engine cannot speak, and why. Checked before a run starts, so a course
   * with an unknown voice fails at once instead of after hours (offline: by locale; Azure: voice list).
   */
  unsupportedVoices?(voices: ReadonlyArray<VoiceUse>): Promise<VoiceProblem[]>;
  /** Releases engine-wide resources (caches, shared modules). Synthesizers are closed by their pool. */
  close(): Promise<void>;
}

export interface VoiceUse {
  readonly voice: string;
  readonly locale: string;
}

export interface VoiceProblem {
  readonly voice: string;
  readonly reason: string;
}
