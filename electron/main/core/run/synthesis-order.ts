import type { EngineName } from '../../../../shared/model/audio';
import type { RenderJob } from '../../../../shared/model/render';

/**
 * The order a run hands its renders to the engine: the course's, for every engine.
 *
 * Offline, grouping renders by eSpeak voice (`voiceGroupedOrder`) saves voice switches (a switch
 * reloads the language's rules and dictionary: about 4 % of the engine's CPU on alternating en/es
 * voices, measured in one thread), but measured on the whole sample course with 2 workers it gains
 * nothing: engine only, course order 2.13 s against 2.29 s grouped (`npm run bench -- offline`, idle
 * machine). Course order instead finishes lessons early, so their tracks are built while the engine
 * still renders (run/lesson-tracks.ts) and only the last lesson's track is left at the end.
 * Azure: a voice costs nothing to switch either.
 */
export function synthesisOrder<T extends RenderJob>(jobs: readonly T[], _engine: EngineName): T[] {
  return [...jobs];
}

/** Renders grouped by the voice that speaks them (stable within a voice, groups in order of first use). */
export function voiceGroupedOrder<T extends RenderJob>(jobs: readonly T[]): T[] {
  const byVoice = new Map<string, T[]>();
  for (const job of jobs) {
    const voice = job.spokenBy ?? `${job.voice}\u0000${job.locale}`;
    let group = byVoice.get(voice);
    if (!group) byVoice.set(voice, (group = []));
    group.push(job);
  }
  return [...byVoice.values()].flat();
}
