/**
 * The embedded offline engine: eSpeak NG (GPL-3.0, its program compiled to WebAssembly) in worker threads.
 * Each synthesizer is one worker with its own eSpeak instance; a generic Pool<T> decides how many.
 */
import type { SpeechEngine, VoiceProblem, VoiceUse } from '../speech-engine';
import { isSynthesisError, SynthesisError } from '../synthesis-error';
import { JOBS_IN_WORKER, OfflineSynthesizer, type OfflineSynthesizerOptions } from './offline-synthesizer';
import { takePrestartedSynthesizer } from './prestart';
import { offlineVoiceFor, UnsupportedOfflineLocaleError } from './voice-map';

export type OfflineEngineOptions = OfflineSynthesizerOptions;

/** Worker starts in a row that may fail before the engine counts as unavailable. */
const START_ATTEMPTS = 3;

export class OfflineEngine implements SpeechEngine {
  readonly name = 'offline' as const;
  /** A worker holds the job it runs and the next (offline-synthesizer.ts). */
  readonly callsPerSynthesizer = JOBS_IN_WORKER;
  private readonly live = new Set<OfflineSynthesizer>();
  private closed = false;
  /** Worker starts that failed since the last one that succeeded. */
  private failedStarts = 0;

  constructor(private readonly options: OfflineEngineOptions = {}) {}

  /**
   * Starts a worker, loads eSpeak, warms it up (~0.3-0.5 s cold), or adopts one the CLI started
   * ahead (prestart.ts) when this engine has the default options it was started with. Rejects with
   * `engine-crash` on failure.
   */
  async createSynthesizer(): Promise<OfflineSynthesizer> {
    if (this.closed) throw new SynthesisError('cancelled', 'The offline engine is closed');
    const onClose = (): void => void this.live.delete(synthesizer);
    const prestarted = Object.keys(this.options).length === 0 ? takePrestartedSynthesizer() : undefined;
    // A prestarted worker that failed to start, or broke while it waited, is replaced by one of our own,
    // whose failure is reported.
    const waited = await prestarted?.catch(() => undefined);
    const adopted = waited?.isUsable() ? waited : undefined;
    if (waited && !adopted) void waited.close();
    adopted?.whenClosed(onClose);
    const synthesizer: OfflineSynthesizer = adopted ?? (await this.start(onClose));
    if (this.closed) {
      await synthesizer.close();
      throw new SynthesisError('cancelled', 'The offline engine was closed while a synthesizer was starting');
    }
    this.live.add(synthesizer);
    return synthesizer;
  }

  /**
   * A new worker. A start can fail once for a passing reason (a timeout on a loaded machine); failing
   * START_ATTEMPTS times in a row means a missing or broken package, a refused option, no memory:
   * `engine-unavailable` then stops the run at once, instead of every render retrying for minutes.
   */
  private async start(onClose: () => void): Promise<OfflineSynthesizer> {
    try {
      const synthesizer = await OfflineSynthesizer.create(this.options, { onClose });
      this.failedStarts = 0;
      return synthesizer;
    } catch (error) {
      if (!isSynthesisError(error) || error.kind !== 'engine-crash' || ++this.failedStarts < START_ATTEMPTS) throw error;
      throw new SynthesisError('engine-unavailable', `The offline engine cannot start (${START_ATTEMPTS} attempts): ${error.message}`, error.detail);
    }
  }

  /** Voices whose locale eSpeak cannot speak (by the voice name's locale, else the text's locale). */
  async unsupportedVoices(voices: ReadonlyArray<VoiceUse>): Promise<VoiceProblem[]> {
    const problems: VoiceProblem[] = [];
    for (const use of voices) {
      try {
        offlineVoiceFor(use.voice, use.locale);
      } catch (error) {
        if (!(error instanceof UnsupportedOfflineLocaleError)) throw error;
        problems.push({ voice: use.voice, reason: error.reason });
      }
    }
    return problems;
  }

  /**
   * Marks the engine closed and, as a safety net, closes any synthesizer its pool has not closed
   * (normally none). Idempotent, never throws.
   */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.live].map((synthesizer) => synthesizer.close()));
  }
}
