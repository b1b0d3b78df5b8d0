import { z } from 'zod';
import { EngineNameSchema, OutputFormatSchema } from './audio';
import { QaFlagSchema } from './delivery';
import { ManifestTrackSchema } from './tracks';

/** One phrase x variant: the unit of work, of caching and of status in the studio table. */
export const RenderJobSchema = z.object({
  /** Content hash of everything that shapes the audio; the journal and cache key. */
  key: z.string(),
  phraseId: z.string(),
  variantId: z.string(),
  /** Position of the phrase in the course, 0-based. */
  phraseIndex: z.number().int(),
  text: z.string(),
  ssml: z.string(),
  voice: z.string(),
  rate: z.number(),
  locale: z.string(),
  format: OutputFormatSchema,
  engine: EngineNameSchema,
  /** Output path relative to the output folder, with extension. */
  file: z.string(),
  /** Characters Azure bills for this render (text inside <voice>, CJK counted twice). */
  billableChars: z.number().int(),
  /** Offline engine: the eSpeak NG voice that speaks it, e.g. "eSpeak NG roa/es (Spanish)". */
  spokenBy: z.string().optional(),
  /** The variant's own leading/trailing silence (ms), when it sets one: the delivered file keeps exactly that. */
  silenceMs: z.object({ lead: z.number().optional(), tail: z.number().optional() }).optional(),
});
export type RenderJob = z.infer<typeof RenderJobSchema>;

export const RENDER_STATUSES = ['pending', 'queued', 'running', 'retrying', 'done', 'cached', 'failed', 'cancelled'] as const;
export const RenderStatusSchema = z.enum(RENDER_STATUSES);
export type RenderStatus = z.infer<typeof RenderStatusSchema>;

/** A manifest row: the interface producers script against (`manifest.json` "items"). */
export const ManifestItemSchema = z.object({
  phrase: z.string(),
  variant: z.string(),
  file: z.string(),
  durationMs: z.number(),
  voice: z.string(),
  rate: z.number(),
  engine: EngineNameSchema,
  format: OutputFormatSchema.optional(),
  key: z.string().optional(),
  bytes: z.number().int().optional(),
  /** Offline renders: the eSpeak NG voice actually used (`voice` is the Azure voice it stands in for). */
  spokenBy: z.string().optional(),
  /** The phrase's texts and lesson, so scripts need not read the course. */
  known: z.string().optional(),
  target: z.string().optional(),
  lesson: z.string().optional(),
  /** Integrated loudness (LUFS) and true peak (dBTP) of the delivered audio, as measured when derived. */
  loudnessLufs: z.number().optional(),
  truePeakDbtp: z.number().optional(),
  /** QA flags: near-silent, truncated or runaway (duration far from what text and rate predict). */
  qa: z.array(QaFlagSchema).optional(),
});
export type ManifestItem = z.infer<typeof ManifestItemSchema>;

export const ManifestSchema = z.object({
  course: z.string(),
  title: z.string().optional(),
  generatedAt: z.string().optional(),
  items: z.array(ManifestItemSchema),
  /** Lesson tracks built from the items (course `tracks`). */
  tracks: z.array(ManifestTrackSchema).optional(),
});
export type Manifest = z.infer<typeof ManifestSchema>;
