import { z } from 'zod';
import { EngineNameSchema, OutputFormatSchema } from './audio';
import { QaFlagSchema } from './delivery';

export const RenderFailureSchema = z.object({
  phrase: z.string(),
  variant: z.string(),
  kind: z.string(),
  reason: z.string(),
  attempts: z.number().int(),
});
export type RenderFailure = z.infer<typeof RenderFailureSchema>;

/** The end of a run. `npm run generate -- --json` prints exactly this as its last line. */
export const RunSummarySchema = z.object({
  total: z.number().int(),
  /** Synthesized by the engine in this run: what is billed. */
  rendered: z.number().int(),
  /** Not synthesized because finished audio existed: already delivered, or derived from a cached master. */
  cached: z.number().int(),
  /** Files delivered into the output folder by this run (derived from masters, new or cached). */
  written: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  /** Not attempted because the run stopped (auth, quota) or was cancelled. */
  pending: z.number().int(),
  state: z.enum(['finished', 'cancelled', 'stopped']),
  /** Why a stopped run stopped, as a code: 'unreachable', 'auth', 'quota', 'disk', 'voices', 'engine', … */
  stopReason: z.string().nullable(),
  /** The same in words a producer can act on (names the host, the key problem, the folder). */
  stopMessage: z.string().nullable().optional(),
  /** `phrase/variant` of every render not finished when the run stopped or was cancelled. */
  pendingRenders: z.array(z.string()).optional(),
  course: z.string(),
  engine: EngineNameSchema,
  format: OutputFormatSchema,
  outDir: z.string(),
  manifest: z.string(),
  elapsedMs: z.number(),
  rendersPerSecond: z.number(),
  throttleEvents: z.number().int(),
  failures: z.array(RenderFailureSchema),
  /** Delivered renders with QA flags (near-silent, truncated, runaway), in course order. */
  qa: z.array(z.object({ phrase: z.string(), variant: z.string(), file: z.string(), flags: z.array(QaFlagSchema) })).optional(),
  /** Lesson tracks at the end of the run: built now, kept (unchanged), skipped (a part not rendered). */
  tracks: z.object({ built: z.number().int(), kept: z.number().int(), skipped: z.number().int(), files: z.array(z.string()) }).optional(),
  /** Files written by `--export` (e.g. exports/<course>.apkg and .csv). */
  exports: z.array(z.string()).optional(),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;
