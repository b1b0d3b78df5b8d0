import { z } from 'zod';

/** The masters cache's channels (`masters:view`, `masters:cleanUnused`), named by contract.ts. */

/** The open course's masters cache (`<out>/.course-audio-studio/masters/`), for the Run tab. */
export const MastersViewSchema = z.object({
  /** The course's output folder; null with no course open. */
  outputDir: z.string().nullable(),
  count: z.number().int(),
  bytes: z.number().int(),
  /** Masters no render of the open course needs under either engine (what "Clean unused masters" removes). */
  unusedCount: z.number().int(),
  unusedBytes: z.number().int(),
  /** "<folder> is being written by another run (pid N, started HH:MM)" while another process holds the folder; else null. */
  busy: z.string().nullable(),
});
export type MastersView = z.infer<typeof MastersViewSchema>;

export const MastersCleanedSchema = z.object({ removed: z.number().int(), freedBytes: z.number().int(), masters: MastersViewSchema });
export type MastersCleaned = z.infer<typeof MastersCleanedSchema>;
