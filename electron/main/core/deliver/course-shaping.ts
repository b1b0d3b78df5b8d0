import type { Course } from '../../../../shared/model/course';
import { DEFAULT_LOUDNESS, DEFAULT_SILENCE, type ShapingSettings } from './shaping';

/** The course's shaping settings with defaults applied (loudness -18 LUFS / -1.5 dBTP, silence 100 / 250 ms). */
export function shapingOf(course: Pick<Course, 'output'>): ShapingSettings {
  const { loudness, silence } = course.output ?? {};
  return {
    loudness: loudness === false ? false : { ...DEFAULT_LOUDNESS, ...loudness },
    silence: silence === false ? false : { ...DEFAULT_SILENCE, ...silence },
  };
}
