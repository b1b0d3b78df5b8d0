import { z } from 'zod';

/**
 * Lesson tracks a course declares (`"tracks": [...]`): per lesson (or for the whole course), each
 * phrase played as a sequence of variants and pauses, phrases separated by `between`. Built from
 * masters into `tracks/{track}/{lesson}.mp3|.wav`.
 */

const PAUSE_MULTIPLE = /^(\d+(\.\d+)?)x$/;

/** Seconds, or "Nx": N times the duration of the clip before the pause (the learner repeats in the gap). */
export const PauseSchema = z.union([
  z.number().min(0, 'must be at least 0 (seconds)').max(60, 'must be at most 60 (seconds)'),
  z.string().regex(PAUSE_MULTIPLE, 'must be seconds (e.g. 1.5) or a multiple of the clip before it (e.g. "2x")'),
]);
export type Pause = z.infer<typeof PauseSchema>;

export const TrackStepSchema = z.union([z.string().min(1, 'must name a variant'), z.object({ pause: PauseSchema }).strict()], {
  error: 'must be a variant id (e.g. "target") or {"pause": seconds or "Nx"}',
});
export type TrackStep = z.infer<typeof TrackStepSchema>;

export const TrackSchema = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'may contain only letters, digits, ".", "_" and "-", and must start with a letter or digit')
    .max(60, 'must be at most 60 characters'),
  /** One file per lesson (phrases in course order), or one for the course. */
  per: z.enum(['lesson', 'course'], { error: 'must be "lesson" or "course"' }).default('lesson'),
  /** Title tag; fields {course} {lesson} {track}. */
  title: z.string().min(1).optional(),
  sequence: z.array(TrackStepSchema).min(1, 'must list at least one step'),
  /** The gap between two phrases, in seconds. */
  between: z.object({ pause: z.number().min(0, 'must be at least 0 (seconds)').max(60, 'must be at most 60 (seconds)') }).optional(),
});
export type Track = z.infer<typeof TrackSchema>;

/** The multiple of a "Nx" pause, or undefined for seconds. */
export function pauseMultiple(pause: Pause): number | undefined {
  return typeof pause === 'string' ? Number(PAUSE_MULTIPLE.exec(pause)?.[1]) : undefined;
}

/** A manifest `tracks` row: the interface scripts read. */
export const ManifestTrackSchema = z.object({
  track: z.string(),
  lesson: z.string(),
  file: z.string(),
  durationMs: z.number(),
  title: z.string().optional(),
  loudnessLufs: z.number().optional(),
  truePeakDbtp: z.number().optional(),
  /** Where each phrase starts and ends in the track (its chapters). */
  phrases: z.array(z.object({ phrase: z.string(), startMs: z.number(), endMs: z.number() })),
});
export type ManifestTrack = z.infer<typeof ManifestTrackSchema>;
