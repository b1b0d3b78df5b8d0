import { z } from 'zod';

/**
 * Lesson tracks a course declares (`"tracks": [...]`): per lesson (or for the whole course), each
 * phrase played as a sequence of variants and pauses, phrases separated by `between`. Built from
 * masters into `tracks/{track}/{lesson}.mp3|.wav`.
 */

const PAUSE_MULTIPLE = /^(\d+(\.\d+)?)x$/;
/**
 * The largest "Nx" pause. Seconds stop at 60; a multiple of a clip has no natural bound, and a typo
 * such as "20000x" would only surface when the track is built, after the renders were paid for.
 */
export const MAX_PAUSE_MULTIPLE = 10;

/** Seconds, or "Nx": N times the duration of the clip before the pause (the learner repeats in the gap). */
export const PauseSchema = z.union([
  z.number().min(0, 'must be at least 0 (seconds)').max(60, 'must be at most 60 (seconds)'),
  z
    .string()
    .regex(PAUSE_MULTIPLE, 'must be seconds (e.g. 1.5) or a multiple of the clip before it (e.g. "2x")')
    // Only a well-formed "Nx" is checked for size: zod runs every check, and "abc" must get one message.
    .refine((pause) => {
      const multiple = PAUSE_MULTIPLE.exec(pause);
      return !multiple || Number(multiple[1]) <= MAX_PAUSE_MULTIPLE;
    }, `must be at most "${MAX_PAUSE_MULTIPLE}x" (a multiple of the clip before it)`),
]);
export type Pause = z.infer<typeof PauseSchema>;

export const TrackStepSchema = z.union([z.string().min(1, 'must name a variant'), z.object({ pause: PauseSchema }).strict()], {
  error: 'must be a variant id (e.g. "target") or {"pause": seconds or "Nx"}',
});
export type TrackStep = z.infer<typeof TrackStepSchema>;

/** The fields a track's title may use. */
export const TRACK_TITLE_FIELDS = ['course', 'lesson', 'track'] as const;
const TITLE_FIELD = /\{([^{}]*)\}/g;

/** The first `{field}` of a title template that is not one of TRACK_TITLE_FIELDS, or undefined. */
export function unknownTitleField(template: string): string | undefined {
  for (const match of template.matchAll(TITLE_FIELD)) if (!(TRACK_TITLE_FIELDS as readonly string[]).includes(match[1]!)) return match[0];
  return undefined;
}

/** A track's title with its fields filled in. */
export function trackTitle(template: string, values: Readonly<Record<(typeof TRACK_TITLE_FIELDS)[number], string>>): string {
  return template.replace(TITLE_FIELD, (field, name: string) => (Object.hasOwn(values, name) ? values[name as keyof typeof values] : field));
}

export const TrackSchema = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'may contain only letters, digits, ".", "_" and "-", and must start with a letter or digit')
    .max(60, 'must be at most 60 characters'),
  /** One file per lesson (phrases in course order), or one for the course. */
  per: z.enum(['lesson', 'course'], { error: 'must be "lesson" or "course"' }).default('lesson'),
  /** Title tag; fields {course} {lesson} {track}. */
  title: z
    .string()
    .min(1)
    .superRefine((title, context) => {
      const field = unknownTitleField(title);
      if (field) context.addIssue({ code: 'custom', message: `unknown field "${field}" in the title; use ${TRACK_TITLE_FIELDS.map((name) => `{${name}}`).join(' ')}` });
    })
    .optional(),
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
