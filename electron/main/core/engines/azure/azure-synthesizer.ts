/**
 * One Azure synthesizer = one SDK `SpeechSynthesizer` = one WebSocket, one call at a time.
 *
 * The SDK's call API is callbacks with no timeouts (docs/design/azure-tts-protocol.md section 4.1), and several failures never call
 * back at all: a stalled turn, a close 1000 mid-turn (the SDK silently reconnects), a malformed
 * frame, or `close()` during a call (section 4.2-4.4). So every call is wrapped in a promise that ALWAYS
 * settles: the SDK's callbacks, our own call timer, the caller's AbortSignal, or `close()`,
 * whichever comes first. Any outcome other than success or a refused request (bad SSML, unknown
 * voice) leaves the synthesizer unusable: its SDK object may still be mid-call or hold a dead
 * socket, and a second call would queue behind the stuck one for ever (SDK calls are FIFO per
 * synthesizer, section 1.7). The pool then destroys it and creates a new one.
 *
 * Audio is synthesized to memory (no AudioConfig: `null`, so no speaker is opened) and returned as
 * the bytes the output layer writes as they are:
 *   wav → Riff24Khz16BitMonoPcm (the SDK requests raw PCM and adds the 44-byte RIFF header itself, section 1.6)
 *   mp3 → Audio24Khz48KBitRateMonoMp3 (or 96 kbit/s)
 * `durationMs` comes from our own parsers (output/audio-duration.ts), never from the SDK.
 */
import sdk from 'microsoft-cognitiveservices-speech-sdk';
import type { OutputFormat } from '../../../../../shared/model/audio';
import { durationMsOf } from '../../output/audio-duration';
import { WAV_HEADER_BYTES } from '../../output/wav';
import type { SynthesisRequest, SynthesizedAudio, Synthesizer } from '../speech-engine';
import { DEFAULT_CALL_TIMEOUT_MS } from '../call-timeout';
import { SynthesisError } from '../synthesis-error';
import { classifySdkFailure } from './classify-error';
import { SdkSockets } from './sdk-sockets';

export const AZURE_SAMPLE_RATE = 24_000;
/** Wait before retrying a call that raced a server close ("Websocket not ready"). */
const RACE_RETRY_DELAY_MS = 50;

export type Mp3Bitrate = 48 | 96;

export function sdkOutputFormat(format: OutputFormat, mp3Bitrate: Mp3Bitrate = 48): sdk.SpeechSynthesisOutputFormat {
  if (format === 'wav') return sdk.SpeechSynthesisOutputFormat.Riff24Khz16BitMonoPcm;
  return mp3Bitrate === 96 ? sdk.SpeechSynthesisOutputFormat.Audio24Khz96KBitRateMonoMp3 : sdk.SpeechSynthesisOutputFormat.Audio24Khz48KBitRateMonoMp3;
}

export interface AzureSynthesizerOptions {
  /** Makes an SDK synthesizer for a format (the format is fixed per SDK object). */
  readonly makeSdkSynthesizer: (format: OutputFormat) => sdk.SpeechSynthesizer;
  /** The format to connect for first; a request for the other format swaps the SDK object between calls. */
  readonly format: OutputFormat;
  /** Only to keep it out of error texts. */
  readonly key?: string;
  /** Our own bound on one call (the EnginePool has its own, normally shorter or equal). Default: DEFAULT_CALL_TIMEOUT_MS (call-timeout.ts). */
  readonly callTimeoutMs?: number;
  /** Bound on opening the socket ahead of use. Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** Unusable after this many calls (the SDK retains ~1.9 KB per call until its socket closes, section 1.7). Default 2000. */
  readonly maxUses?: number;
  /** How long close() waits for the SDK's close callback (on Node 22 it may never come). Default 1 s. */
  readonly closeTimeoutMs?: number;
  readonly onClose?: () => void;
  /** Aborts opening the socket (pool drain, engine close): the socket is destroyed at once and create() rejects. */
  readonly signal?: AbortSignal;
}

interface PendingCall {
  readonly reject: (error: SynthesisError) => void;
  /** The service's turn.end arrived: a close now cannot wedge this call. */
  turnEnded: boolean;
}

export class AzureSynthesizer implements Synthesizer {
  /**
   * Creates the SDK synthesizer and opens its socket with `Connection.openConnection()` (an upgrade
   * only: nothing is billed), bounded by `connectTimeoutMs`. A refused open rejects with a classified
   * error: HTTP 429 → 'throttled' with `refusedConnection` (the pool learns the connection cap),
   * 401 → 'auth', no answer → 'network'.
   */
  static async create(options: AzureSynthesizerOptions): Promise<AzureSynthesizer> {
    const synth = options.makeSdkSynthesizer(options.format);
    const synthesizer = new AzureSynthesizer(synth, options);
    try {
      await synthesizer.connect();
    } catch (error) {
      void synthesizer.close(); // bounded and idempotent; the caller learns the error now
      throw error;
    }
    return synthesizer;
  }

  private synth: sdk.SpeechSynthesizer;
  private format: OutputFormat;
  private readonly callTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly maxUses: number;
  private readonly closeTimeoutMs: number;
  private pending: PendingCall | undefined;
  private uses = 0;
  /** A call failed, timed out or was abandoned: never hand this synthesizer out again. */
  private broken = false;
  private closePromise: Promise<void> | undefined;
  private socketsOpened = 0;
  private connection: sdk.Connection | undefined;
  private sockets: SdkSockets;
  private wedges = 0;

  private constructor(
    synth: sdk.SpeechSynthesizer,
    private readonly options: AzureSynthesizerOptions,
  ) {
    this.synth = synth;
    this.format = options.format;
    this.callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.maxUses = options.maxUses ?? 2_000;
    this.closeTimeoutMs = options.closeTimeoutMs ?? 1_000;
    this.sockets = new SdkSockets(synth);
    this.connection = this.watchConnection(synth);
  }

  /** Calls made so far. */
  get calls(): number {
    return this.uses;
  }

  /** Sockets the SDK opened for this synthesizer (1 unless the server closed idle sockets). */
  get connections(): number {
    return this.socketsOpened;
  }

  /** Calls abandoned because the server closed the socket with 1000 mid-turn (see watchConnection). */
  get closeWedges(): number {
    return this.wedges;
  }

  isUsable(): boolean {
    return !this.broken && !this.closePromise && this.uses < this.maxUses;
  }

  synthesize(request: SynthesisRequest, signal?: AbortSignal): Promise<SynthesizedAudio> {
    if (this.closePromise) return Promise.reject(new SynthesisError('cancelled', 'This Azure synthesizer is closed'));
    if (this.broken) return Promise.reject(new SynthesisError('engine-crash', 'This Azure synthesizer failed earlier; use another one'));
    if (this.pending) return Promise.reject(new SynthesisError('engine-crash', 'This Azure synthesizer is busy (one call at a time)'));
    if (request.format !== 'wav' && request.format !== 'mp3') {
      return Promise.reject(new SynthesisError('bad-request', `Unsupported output format "${String(request.format)}" (wav or mp3)`));
    }
    if (!request.ssml?.trim()) return Promise.reject(new SynthesisError('bad-request', 'Cannot synthesize an empty SSML document'));
    if (signal?.aborted) return Promise.reject(cancelled(signal));
    if (request.format !== this.format) this.swapFormat(request.format);
    this.uses++;
    return this.speakWithOneRetry(request, signal);
  }

  /**
   * Settles any call in flight as cancelled (the SDK drops its callbacks on close, section 4.4), then closes
   * the SDK synthesizer without waiting more than `closeTimeoutMs`. Idempotent, never throws.
   */
  close(): Promise<void> {
    if (!this.closePromise) {
      this.pending?.reject(new SynthesisError('cancelled', 'The Azure synthesizer was closed'));
      this.closePromise = closeSdkSynthesizer(this.synth, this.closeTimeoutMs);
      // A socket still CONNECTING (a server that never answers the upgrade) is not closed by the SDK.
      this.sockets.terminate({ connectingOnly: true });
      try {
        this.options.onClose?.();
      } catch {
        // an observer's problem, not the caller's
      }
    }
    return this.closePromise;
  }

  // ---- internals -------------------------------------------------------------------------------

  private connect(): Promise<void> {
    const connection = this.connection ?? sdk.Connection.fromSynthesizer(this.synth);
    return new Promise<void>((resolve, reject) => {
      let done = false;
      const signal = this.options.signal;
      const finish = (error?: SynthesisError): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve();
      };
      // Nobody wants this socket any more (the run ended while it was connecting): destroy it now
      // rather than at the connect timeout, which outlived the run by seconds (issue 9, silent host).
      const onAbort = (): void => {
        this.sockets.terminate();
        finish(new SynthesisError('cancelled', 'Opening a connection to Azure Speech was cancelled'));
      };
      const timer = setTimeout(() => {
        // Destroy the socket for real: the SDK's ws client would stay CONNECTING (sdk-sockets.ts).
        this.sockets.terminate();
        finish(new SynthesisError('network', `Azure Speech did not accept a connection within ${Math.round(this.connectTimeoutMs / 100) / 10} s`));
      }, this.connectTimeoutMs);
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        connection.openConnection(
          () => finish(),
          (error: unknown) => finish(classifySdkFailure({ details: error, key: this.options.key, phase: 'connect' })),
        );
      } catch (error) {
        finish(classifySdkFailure({ details: error, key: this.options.key, phase: 'connect' }));
      }
    });
  }

  /** A server close racing a new call fails it with "Websocket not ready" and no reconnect; the next call reconnects (section 4.5). */
  private async speakWithOneRetry(request: SynthesisRequest, signal?: AbortSignal): Promise<SynthesizedAudio> {
    try {
      return await this.speak(request, signal);
    } catch (error) {
      const raced = error instanceof SynthesisError && error.kind === 'network' && /Websocket not ready/i.test(error.detail ?? '');
      if (!raced || this.closePromise || signal?.aborted) throw error;
      // Nothing was sent. Give the SDK a moment to process the close it raced, then it reconnects.
      await new Promise((resolve) => setTimeout(resolve, RACE_RETRY_DELAY_MS));
      if (this.closePromise || signal?.aborted) throw error;
      this.broken = false;
      return this.speak(request, signal);
    }
  }

  private speak(request: SynthesisRequest, signal?: AbortSignal): Promise<SynthesizedAudio> {
    const format = request.format;
    return new Promise<SynthesizedAudio>((resolve, reject) => {
      let settled = false;
      const settle = (outcome: { error: SynthesisError } | { audio: SynthesizedAudio }): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.pending = undefined;
        if ('error' in outcome) {
          // A refused request leaves the socket and the SDK state healthy; anything else may not.
          if (outcome.error.kind !== 'bad-request') this.broken = true;
          reject(outcome.error);
        } else resolve(outcome.audio);
      };
      const onAbort = (): void => settle({ error: cancelled(signal!) });
      const timer = setTimeout(
        () => settle({ error: new SynthesisError('timeout', `Azure Speech did not finish within ${Math.round(this.callTimeoutMs / 1000)} s; the synthesizer was replaced`) }),
        this.callTimeoutMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending = { reject: (error) => settle({ error }), turnEnded: false };
      try {
        this.synth.speakSsmlAsync(
          request.ssml,
          (result) => settle(this.outcomeOf(result, format)),
          (error: string) => settle({ error: classifySdkFailure({ details: error, key: this.options.key, phase: 'call' }) }),
        );
      } catch (error) {
        settle({ error: classifySdkFailure({ details: error, key: this.options.key, phase: 'call' }) });
      }
    });
  }

  private outcomeOf(result: sdk.SpeechSynthesisResult, format: OutputFormat): { error: SynthesisError } | { audio: SynthesizedAudio } {
    if (result.reason === sdk.ResultReason.SynthesizingAudioCompleted) {
      const bytes = new Uint8Array(result.audioData);
      const empty = format === 'wav' ? bytes.byteLength <= WAV_HEADER_BYTES : bytes.byteLength === 0;
      if (empty) return { error: new SynthesisError('server', 'Azure Speech returned no audio for this request') };
      try {
        return { audio: { bytes, format, sampleRate: AZURE_SAMPLE_RATE, durationMs: durationMsOf(bytes, format) } };
      } catch (error) {
        return { error: new SynthesisError('server', `Azure Speech returned audio that is not valid ${format}`, (error as Error).message) };
      }
    }
    if (result.reason === sdk.ResultReason.Canceled) {
      const details = sdk.CancellationDetails.fromResult(result);
      return {
        error: classifySdkFailure({ details: details.errorDetails, errorCode: sdk.CancellationErrorCode[details.ErrorCode], key: this.options.key, phase: 'call' }),
      };
    }
    return { error: new SynthesisError('server', `Azure Speech ended the call with an unexpected result (${sdk.ResultReason[result.reason] ?? result.reason})`) };
  }

  /** The output format is fixed per SDK object: swap it between calls (costs one socket; runs use one format). */
  private swapFormat(format: OutputFormat): void {
    void closeSdkSynthesizer(this.synth, this.closeTimeoutMs);
    this.sockets.terminate();
    this.synth = this.options.makeSdkSynthesizer(format);
    this.sockets = new SdkSockets(this.synth);
    this.format = format;
    this.connection = this.watchConnection(this.synth);
  }

  /**
   * Counts the sockets the SDK opens, and catches the close-1000 wedge (docs/design/azure-tts-protocol.md section 1.8, section 4.2): when
   * the server closes the socket with code 1000 during a turn, the SDK reports nothing, reconnects
   * silently and leaves the call pending for ever. Worse (observed with SDK 1.52.0): every earlier
   * call on that socket left a pending reader, and each of them reconnects on its own, so a
   * synthesizer that served N calls opens N new sockets at once, and N-1 of them are never closed,
   * not even by `close()`. The readers check the adapter's disposed flag before reconnecting, and the
   * SDK fires `ConnectionClosedEvent` (with the close code) before it wakes them, so closing the SDK
   * synthesizer right there, synchronously, prevents every one of those sockets.
   *
   * This listens on the adapter's `connectionEvents` (the source the SDK's own `Connection` class
   * uses; `internalData` is marked internal). Without it, the call timeout still bounds the wedge.
   */
  private watchConnection(synth: sdk.SpeechSynthesizer): sdk.Connection | undefined {
    const events = (synth as unknown as { internalData?: { connectionEvents?: SdkEventSource } }).internalData?.connectionEvents;
    try {
      events?.attach((event) => this.onConnectionEvent(synth, event));
    } catch {
      // diagnostics and the wedge guard only
    }
    try {
      return sdk.Connection.fromSynthesizer(synth);
    } catch {
      return undefined;
    }
  }

  private onConnectionEvent(synth: sdk.SpeechSynthesizer, event: SdkConnectionEvent): void {
    if (synth !== this.synth) return;
    if (event.name === 'ConnectionEstablishedEvent') {
      this.socketsOpened++;
    } else if (event.name === 'ConnectionMessageReceivedEvent') {
      if (this.pending && messagePath(event.message) === 'turn.end') this.pending.turnEnded = true;
    } else if (event.name === 'ConnectionClosedEvent' && event.statusCode === 1000 && this.pending && !this.pending.turnEnded && !this.closePromise) {
      this.wedges++;
      this.broken = true;
      try {
        synth.close(); // synchronously marks the adapter disposed: no reconnect follows
      } catch {
        // already disposed
      }
      this.pending.reject(
        new SynthesisError('network', 'Azure Speech closed the connection during the call (code 1000) without finishing it; the call was abandoned', 'close 1000 during a turn'),
      );
    }
  }
}

interface SdkConnectionEvent {
  readonly name: string;
  readonly statusCode?: number;
  readonly message?: { readonly headers?: Record<string, string> };
}

interface SdkEventSource {
  attach(onEvent: (event: SdkConnectionEvent) => void): unknown;
}

function messagePath(message: SdkConnectionEvent['message']): string | undefined {
  const headers = message?.headers;
  if (!headers) return undefined;
  for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() === 'path') return String(value).toLowerCase();
  return undefined;
}

function cancelled(signal: AbortSignal): SynthesisError {
  const reason: unknown = signal.reason;
  if (reason instanceof SynthesisError && reason.kind === 'cancelled') return reason;
  const why = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : 'aborted';
  return new SynthesisError('cancelled', `Synthesis cancelled: ${why}`);
}

/**
 * `synth.close()`, bounded: on Node 22's built-in WebSocket, and after a stuck call, it may never call
 * back. Plus a workaround (observed with SDK 1.52.0): `close()` disposes only the connection the
 * synthesizer CONFIGURED for a call, so a socket opened ahead of use with `openConnection()` and never
 * used stays open for ever. The socket the adapter opened is disposed here as well (idempotent).
 */
function closeSdkSynthesizer(synth: sdk.SpeechSynthesizer, boundMs: number): Promise<void> {
  const opened = (synth as unknown as { internalData?: { privConnectionPromise?: Promise<{ dispose?: () => Promise<void> }> } }).internalData?.privConnectionPromise;
  const closed = new Promise<void>((resolve) => {
    const done = (): void => resolve();
    try {
      synth.close(done, done);
    } catch {
      done(); // already disposed
    }
  });
  const disposed = opened?.then((connection) => connection?.dispose?.()).catch(() => undefined);
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, boundMs);
    void Promise.all([closed, disposed]).then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
