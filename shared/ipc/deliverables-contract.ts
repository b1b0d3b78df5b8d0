import { z } from 'zod';
import { OutputFormatSchema } from '../model/audio';

/**
 * The studio's side of issue 11's deliverables: lesson tracks (list, build, play) and the Anki export.
 * Spread into `invokeContract` (contract.ts); main validates every input here like any other channel.
 */

/** built: the file on disk matches its parts; stale: a file exists but a part, the layout or the file itself changed; not-built: no file. */
export const TRACK_BUILD_STATES = ['built', 'stale', 'not-built'] as const;
export const TrackBuildStateSchema = z.enum(TRACK_BUILD_STATES);
export type TrackBuildState = z.infer<typeof TrackBuildStateSchema>;

export const TrackChapterSchema = z.object({ phrase: z.string(), startMs: z.number(), endMs: z.number() });
export type TrackChapter = z.infer<typeof TrackChapterSchema>;

/** One track file (one lesson of a `per: "lesson"` track, or the whole course). */
export const TrackFileViewSchema = z.object({
  track: z.string(),
  lesson: z.string(),
  /** Relative to the course's output folder: tracks/{track}/{lesson}.mp3|wav. */
  file: z.string(),
  title: z.string(),
  state: TrackBuildStateSchema,
  /** The built file's duration (null when there is none). */
  durationMs: z.number().nullable(),
  loudnessLufs: z.number().optional(),
  /** Where each phrase starts and ends in the built file (empty when there is none). */
  chapters: z.array(TrackChapterSchema),
  /** The file's phrases in the order they play. */
  phrases: z.array(z.string()),
  /** Renders this file needs that are not on disk yet: Build skips the file until they are. */
  missing: z.number().int(),
});
export type TrackFileView = z.infer<typeof TrackFileViewSchema>;

export const TrackViewSchema = z.object({
  id: z.string(),
  per: z.enum(['lesson', 'course']),
  /** The variants each phrase plays, in order (the track's sequence without its pauses). */
  variants: z.array(z.string()),
  files: z.array(TrackFileViewSchema),
});
export type TrackView = z.infer<typeof TrackViewSchema>;

export const TracksViewSchema = z.object({
  /** The course's output folder (absolute), where tracks/ and exports/ live. */
  outDir: z.string(),
  format: OutputFormatSchema,
  tracks: z.array(TrackViewSchema),
});
export type TracksView = z.infer<typeof TracksViewSchema>;

export const TracksBuildResultSchema = TracksViewSchema.extend({
  built: z.number().int(),
  kept: z.number().int(),
  /** Files not built because a render is missing, with why. */
  skipped: z.array(z.object({ track: z.string(), lesson: z.string(), reason: z.string() })),
});
export type TracksBuildResult = z.infer<typeof TracksBuildResultSchema>;

export const AnkiExportResultSchema = z.object({
  /** Relative to the course's output folder: exports/{course}.apkg and exports/{course}.csv. */
  files: z.array(z.string()),
  /** The same files, absolute (what "Show in folder" reveals and the page shows). */
  paths: z.array(z.string()),
  notes: z.number().int(),
  media: z.number().int(),
});
export type AnkiExportResult = z.infer<typeof AnkiExportResultSchema>;

/** A deliverable's path relative to the course's output folder (main checks it names one of its files). */
const deliverableFile = z
  .string()
  .min(1)
  .max(1000)
  .regex(/^(tracks|exports)\//, 'must be a file under tracks/ or exports/');

const none = z.undefined();

export const deliverablesInvokeContract = {
  /** The open course's declared tracks, each file with its build state, duration and chapters. */
  'tracks:list': { input: none, output: TracksViewSchema },
  /** Builds every track file whose parts changed (from masters, never a synthesis); unchanged files are kept. */
  'tracks:build': { input: none, output: TracksBuildResultSchema },
  /** A built track file to play (an audio URL served like a render's, with Range). */
  'tracks:audio': { input: z.object({ file: deliverableFile }).strict(), output: z.object({ url: z.string(), durationMs: z.number() }) },
  /** exports/{course}.apkg and .csv from the rendered files. */
  'export:anki': { input: none, output: AnkiExportResultSchema },
  /** Reveals a track or export file in the file manager (the bridge only answers its path). */
  'deliverables:reveal': { input: z.object({ file: deliverableFile }).strict(), output: z.object({ path: z.string() }) },
} as const;
