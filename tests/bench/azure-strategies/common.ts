/**
 * What the three strategies of the Azure benchmark share: the work (the same SSML requests), the
 * result they report, and the bare Speech SDK calls the two baselines are made of. The baselines talk
 * to the real SDK directly, as the original pipeline did; `ours` goes through the product instead.
 */
import sdk from 'microsoft-cognitiveservices-speech-sdk';
import type { Course } from '../../../shared/model/course';
import type { RenderJob } from '../../../shared/model/render';

export { sdk };

export type StrategyName = 'per-request' | 'old-pool' | 'ours';

export interface StrategyInput {
  /** The emulator's http://127.0.0.1:PORT. */
  readonly url: string;
  readonly key: string;
  /** The renders, in plan order (the baselines send `ssml`; ours renders them through CourseRun). */
  readonly jobs: readonly RenderJob[];
  /** The course they were planned from, cut so that its plan starts with exactly `jobs` (see ours.ts). */
  readonly course: Course;
  /**
   * The baselines have no timeout (neither has the SDK): a stalled call never calls back. The harness
   * gives up on a call after this long only so that the run can finish, and counts its phrase lost.
   */
  readonly hangGuardMs: number;
  /** Seed for the baselines' own random choices (batch sizes). */
  readonly seed: number;
}

export interface StrategyResult {
  readonly wallMs: number;
  /** Renders that ended with audio. lost = jobs - rendered (ours: total - rendered - cached). */
  readonly rendered: number;
  readonly lost: number;
  /** What happened in this run beyond the table's columns (hung calls, synthesizers made), for the notes. */
  readonly detail: string;
}

export type SpeakOutcome = 'ok' | 'failed' | 'hung';

/** A synthesizer on its own SpeechConfig, as the original pipeline made them (RIFF 24 kHz 16-bit mono = our wav). */
export function makeSynthesizer(url: string, key: string): sdk.SpeechSynthesizer {
  const config = sdk.SpeechConfig.fromHost(new URL(url), key);
  config.speechSynthesisOutputFormat = sdk.SpeechSynthesisOutputFormat.Riff24Khz16BitMonoPcm;
  return new sdk.SpeechSynthesizer(config, null as unknown as sdk.AudioConfig);
}

/**
 * One speakSsmlAsync, as the baselines make it: no retry, no timeout of their own. `hung` means the
 * SDK had not called back after `guardMs` (the synthesizer is then stuck: later calls on it queue
 * behind this one, docs/design/azure-tts-protocol.md section 4.1).
 */
export function speak(synth: sdk.SpeechSynthesizer, ssml: string, guardMs: number): Promise<SpeakOutcome> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('hung'), guardMs);
    const done = (outcome: SpeakOutcome): void => {
      clearTimeout(timer);
      resolve(outcome);
    };
    try {
      synth.speakSsmlAsync(
        ssml,
        (result) => done(result.reason === sdk.ResultReason.SynthesizingAudioCompleted && result.audioData.byteLength > 44 ? 'ok' : 'failed'),
        () => done('failed'),
      );
    } catch {
      done('failed');
    }
  });
}

/** close() that never holds the harness up: after a stalled call it may not call back on every runtime. */
export function closeSynthesizer(synth: sdk.SpeechSynthesizer, waitMs = 1_000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, waitMs);
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    try {
      synth.close(done, done);
    } catch {
      done();
    }
  });
}

/** The baselines' own seeded choices use the server's generator, so every run draws the same. */
export { createRng as seededRandom } from '../../support/azure-server/rng';
