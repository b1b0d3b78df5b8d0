import { z } from 'zod';

/**
 * The studio's view of issue 11's deliverables (tracks:list, tracks:build, export:anki): schemas the
 * contract (contract.ts) names, kept apart so the contract stays one screen per domain.
 */

/** One track file of the open course: where it is, whether it is built from the current parts, its chapters. */
export const TrackViewSchema = z.object({
  track: z.string(),
  lesson: z.string(),
  /** Relative to the course's output folder: tracks/{track}/{lesson}.{mp3|wav}. */
  file: z.string(),
  title: z.string(),
  /**
   * `built`: on disk and made of the current parts; `outdated`: on disk but a part or the layout changed
   * since (Build tracks rebuilds it); `not-built`: never built, or its parts are not all rendered yet.
   */
  state: z.enum(['built', 'outdated', 'not-built']),
  durationMs: z.number().optional(),
  loudnessLufs: z.number().optional(),
  /** Where each phrase starts and ends (markers on the player; click one to jump). */
  chapters: z.array(z.object({ phrase: z.string(), startMs: z.number(), endMs: z.number() })),
});
export type TrackView = z.infer<typeof TrackViewSchema>;

export const TracksBuildSchema = z.object({
  built: z.number().int(),
  kept: z.number().int(),
  /** Tracks not built because a part is not rendered yet, with why. */
  skipped: z.array(z.object({ track: z.string(), lesson: z.string(), reason: z.string() })),
  tracks: z.array(TrackViewSchema),
});
export type TracksBuild = z.infer<typeof TracksBuildSchema>;

export const AnkiExportSchema = z.object({
  /** Relative to the course's output folder: exports/{course}.apkg and .csv. */
  files: z.array(z.string()),
  notes: z.number().int(),
  media: z.number().int(),
  /** The CSV's media under their [sound:] names (exports/{course}.media/), for Anki's collection.media. */
  mediaFolder: z.string().optional(),
});
export type AnkiExport = z.infer<typeof AnkiExportSchema>;
