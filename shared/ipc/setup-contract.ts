import { z } from 'zod';
import { OutputFormatSchema } from '../model/audio';
import { TextFieldSchema } from '../model/course';

/**
 * The course-setup part of the IPC contract (issue 12): what the Course panel reads and sends. The
 * shapes here are deliberately loose (types and sizes only): the values themselves are validated by
 * the course loader on the edited file, so the producer gets the loader's own messages with their
 * place (`file:line:column`), exactly as when opening the file.
 */

const text = (max: number) => z.string().max(max);

export const SetupVariantSchema = z
  .object({
    id: text(120),
    text: TextFieldSchema,
    voice: text(100),
    rate: z.number(),
    pitch: text(20).optional(),
    style: text(60).optional(),
    styleDegree: z.number().optional(),
    leadingSilenceMs: z.number().optional(),
    trailingSilenceMs: z.number().optional(),
  })
  .strict();
export type SetupVariant = z.infer<typeof SetupVariantSchema>;

export const SetupPronunciationSchema = z
  .object({
    locale: text(40).optional(),
    text: text(400),
    phoneme: text(1000).optional(),
    alphabet: z.enum(['ipa', 'sapi', 'ups', 'x-sampa']).optional(),
    alias: text(1000).optional(),
    ignoreCase: z.boolean().optional(),
  })
  .strict();
export type SetupPronunciation = z.infer<typeof SetupPronunciationSchema>;

export const SetupOutputSchema = z.object({ format: OutputFormatSchema.optional(), naming: text(400).optional(), bitrate: z.number().optional() }).strict();

/**
 * A change of the course setup: each part present is the wanted state of that part as a whole (all
 * variants, all voice roles, the whole pronunciation table); parts absent stay as they are.
 */
export const SetupChangeSchema = z
  .object({
    title: text(500).optional(),
    languages: z
      .object({ target: text(40), known: text(40) })
      .strict()
      .optional(),
    voices: z.record(text(100), text(200)).optional(),
    variants: z.array(SetupVariantSchema).max(50).optional(),
    output: SetupOutputSchema.optional(),
    pronunciations: z.array(SetupPronunciationSchema).max(5000).optional(),
  })
  .strict();
export type SetupChange = z.infer<typeof SetupChangeSchema>;

/** The open course's setup, and where a change to it is saved. */
export const SetupViewSchema = z.object({
  title: z.string(),
  languages: z.object({ target: z.string(), known: z.string() }),
  voices: z.record(z.string(), z.string()),
  variants: z.array(SetupVariantSchema),
  output: SetupOutputSchema,
  pronunciations: z.array(SetupPronunciationSchema),
  /**
   * 'json' / 'csv': saved into the producer's file (`file`); 'memory': a sample or a dropped file,
   * changed for this session only. A CSV course keeps what its `# key: value` lines can say.
   */
  storage: z.enum(['json', 'csv', 'memory']),
  file: z.string(),
});
export type SetupView = z.infer<typeof SetupViewSchema>;

/** What saving a change would re-render: the renders whose content it changes, and their price. */
export const SetupImpactSchema = z.object({
  /** Renders whose content the change alters (new ones included). */
  affected: z.number().int(),
  /** Of those, the ones finished now: they become Stale. */
  finished: z.number().int(),
  /** `phraseId/variantId` of the affected renders (the first 500). */
  cells: z.array(z.string()),
  /** Characters Azure would bill to render them again; null for the offline engine. */
  billableChars: z.number().int().nullable(),
  costUsd: z.number().nullable(),
});
export type SetupImpact = z.infer<typeof SetupImpactSchema>;

export const UseVoiceInputSchema = z.object({ variantId: text(120).min(1), voice: text(200).min(1), rate: z.number().min(0.5).max(2) }).strict();

export const EntryAuditionSchema = z.object({
  url: z.string(),
  durationMs: z.number(),
  /** The phrase whose text was spoken (null: no phrase holds the word; the word alone was said). */
  phraseId: z.string().nullable(),
  voice: z.string(),
  text: z.string(),
});
export type EntryAudition = z.infer<typeof EntryAuditionSchema>;

/** The setup channels, merged into invokeContract (contract.ts). */
export const setupContract = {
  'setup:get': { input: z.undefined(), output: SetupViewSchema },
  /** What saving `change` would mark stale, and its cost; nothing is written. */
  'setup:impact': { input: SetupChangeSchema, output: SetupImpactSchema },
  /** Validates (as the loader does), saves to the course file atomically, replans; renders it changes go Stale. */
  'setup:save': { input: SetupChangeSchema, output: SetupViewSchema },
  /** Audition's "Use for <variant>": the voice for the variant's role and the variant's rate, saved together. */
  'setup:useVoice': { input: UseVoiceInputSchema, output: SetupViewSchema },
  /** One pronunciation entry spoken in the voice of a phrase that holds the word (else the entry's locale's voice). */
  'setup:auditionEntry': { input: SetupPronunciationSchema, output: EntryAuditionSchema },
} as const;
