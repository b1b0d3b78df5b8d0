import type { Course } from '../../../../shared/model/course';
import type { RenderJob } from '../../../../shared/model/render';
import { DEFAULT_LOUDNESS, DEFAULT_SILENCE, type ShapingSettings } from './shaping';

/** The course's shaping settings with defaults applied (loudness -18 LUFS / -1.5 dBTP, silence 100 / 250 ms). */
export function shapingOf(course: Pick<Course, 'output'>): ShapingSettings {
  const { loudness, silence } = course.output ?? {};
  return {
    loudness: loudness === false ? false : { ...DEFAULT_LOUDNESS, ...loudness },
    silence: silence === false ? false : { ...DEFAULT_SILENCE, ...silence },
  };
}

/**
 * One render's shaping: a variant that sets its own leading/trailing silence is padded to exactly
 * that instead of the course's lengths (trimming would otherwise undo it). With silence shaping off,
 * the master keeps the silence it was synthesized with.
 */
export function shapingForJob(shaping: ShapingSettings, job: Pick<RenderJob, 'silenceMs'>): ShapingSettings {
  if (!shaping.silence || !job.silenceMs) return shaping;
  const { lead, tail } = job.silenceMs;
  return { ...shaping, silence: { ...shaping.silence, ...(lead !== undefined ? { leadMs: lead } : {}), ...(tail !== undefined ? { tailMs: tail } : {}) } };
}
