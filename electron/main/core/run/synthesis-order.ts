import type { EngineName } from '../../../../shared/model/audio';
import type { RenderJob } from '../../../../shared/model/render';

/**
 * The order a run hands its renders to the engine. Offline, renders are grouped by the eSpeak voice
 * that speaks them (stable within a voice, groups in order of first use), so each worker switches
 * voice a handful of times per run instead of on most renders: a switch reloads the language's rules
 * and dictionary and leaves the synthesis after it colder (about 4 % of the engine's CPU on
 * alternating en/es voices, measured in one thread). Azure: course order (a voice costs nothing to switch).
 */
export function synthesisOrder<T extends RenderJob>(jobs: readonly T[], engine: EngineName): T[] {
  if (engine !== 'offline') return [...jobs];
  const byVoice = new Map<string, T[]>();
  for (const job of jobs) {
    const voice = job.spokenBy ?? `${job.voice}\u0000${job.locale}`;
    let group = byVoice.get(voice);
    if (!group) byVoice.set(voice, (group = []));
    group.push(job);
  }
  return [...byVoice.values()].flat();
}
