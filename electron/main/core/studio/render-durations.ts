import type { SpeechEngine, SynthesisRequest, SynthesizedAudio, Synthesizer } from '../engines/speech-engine';

/**
 * An engine that reports the duration of every synthesis it finishes, and is otherwise the engine
 * itself (a Proxy: every other member, optional ones included, is the engine's own).
 *
 * Why: a done cell shows its duration ("1.4 s"), and CourseRun's 'item' events say only which render
 * finished, not what came out. The run's journal entry has the duration, but the journal is the
 * run's own; the synthesis result is the same number (CourseRun journals `Math.round(durationMs)`),
 * and content-keyed (the render key), so the studio can look it up when the 'done' event arrives.
 * If CourseRun's 'done' event ever carries the duration, this wrapper can go.
 */
export function reportingDurations(engine: SpeechEngine, onAudio: (request: SynthesisRequest, audio: SynthesizedAudio) => void): SpeechEngine {
  return new Proxy(engine, {
    get(target, property) {
      if (property === 'createSynthesizer') return async () => reportingSynthesizer(await target.createSynthesizer(), onAudio);
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function reportingSynthesizer(synthesizer: Synthesizer, onAudio: (request: SynthesisRequest, audio: SynthesizedAudio) => void): Synthesizer {
  return new Proxy(synthesizer, {
    get(target, property) {
      if (property === 'synthesize') {
        return async (request: SynthesisRequest, signal?: AbortSignal): Promise<SynthesizedAudio> => {
          const audio = await target.synthesize(request, signal);
          onAudio(request, audio);
          return audio;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
