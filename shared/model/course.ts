import { z } from 'zod';
import { OutputFormatSchema, OutputSampleRateSchema } from './audio';
import { LoudnessSettingsSchema, SilenceSettingsSchema } from './delivery';
import { TrackSchema } from './tracks';

/**
 * The course file (`course/1`). The core shape is an interface producers script against: extend it,
 * never rename it. Everything beyond the core (lessons, per-phrase overrides, naming) is optional.
 */

const LOCALE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const LocaleSchema = z.string().regex(LOCALE, 'must be a locale such as "es-ES"');
export const IdSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(120, 'must be at most 120 characters')
  .regex(ID, 'may contain only letters, digits, ".", "_" and "-", and must start with a letter or digit');

/** 0.5x..2.0x is what Azure's prosody accepts as a multiplier; eSpeak is clamped inside it. */
export const RateSchema = z.number().min(0.5, 'must be at least 0.5').max(2, 'must be at most 2.0');

/**
 * Delivery settings a variant (or a phrase's override) may carry; Azure voices only, eSpeak keeps the
 * pitch and drops the style. `style` must be in the voice's StyleList (checked before a run).
 */
export const StyleSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,40}$/, 'must be a style name such as "cheerful"');
export const StyleDegreeSchema = z.number().min(0.01, 'must be at least 0.01').max(2, 'must be at most 2');
/** Relative pitch as Azure's <prosody pitch> reads it: "+5%", "-10%", "+2st". */
export const PitchSchema = z.string().regex(/^[+-](\d{1,2}(\.\d+)?%|\d{1,2}(\.\d+)?st)$/, 'must be a relative pitch such as "+5%", "-10%" or "+2st"');
/**
 * Silence before / after the speech, exactly (Azure's `<mstts:silence type="Leading-exact|Tailing-exact">`;
 * eSpeak gets a `<break>` there): the gap a learner gets to repeat, or to trim a voice's long tail.
 */
export const SilenceMsSchema = z.number().int('must be a whole number of milliseconds').min(0, 'must be at least 0 ms').max(5000, 'must be at most 5000 ms');
const DeliveryFields = {
  style: StyleSchema.optional(),
  styleDegree: StyleDegreeSchema.optional(),
  pitch: PitchSchema.optional(),
  leadingSilenceMs: SilenceMsSchema.optional(),
  trailingSilenceMs: SilenceMsSchema.optional(),
};

/**
 * A course-wide pronunciation: `text` is said as `phoneme` (IPA by default) or as `alias`, wherever it
 * occurs as a whole word in a render of `locale` (every locale when absent). Case-sensitive unless
 * `ignoreCase`. Exactly one of `phoneme` / `alias` (checked in validate-course.ts).
 */
export const PronunciationSchema = z.object({
  locale: LocaleSchema.optional(),
  text: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  phoneme: z.string().min(1, 'must not be empty').max(500, 'must be at most 500 characters').optional(),
  alphabet: z.enum(['ipa', 'sapi', 'ups', 'x-sampa']).optional(),
  alias: z.string().min(1, 'must not be empty').max(500, 'must be at most 500 characters').optional(),
  ignoreCase: z.boolean().optional(),
});
export type Pronunciation = z.infer<typeof PronunciationSchema>;

/** Which text of a phrase a variant speaks. */
export const TextFieldSchema = z.enum(['known', 'target']);
export type TextField = z.infer<typeof TextFieldSchema>;

export const VariantSchema = z.object({
  id: IdSchema,
  text: TextFieldSchema,
  /** A role name from `voices` (e.g. "target"), not a voice name. */
  voice: z.string().min(1, 'must name a voice role'),
  rate: RateSchema.default(1),
  ...DeliveryFields,
});
export type Variant = z.infer<typeof VariantSchema>;

export const VariantOverrideSchema = z.object({
  voice: z.string().min(1).optional(),
  rate: RateSchema.optional(),
  text: z.string().optional(),
  ...DeliveryFields,
});
export type VariantOverride = z.infer<typeof VariantOverrideSchema>;

export const PhraseSchema = z.object({
  id: IdSchema,
  known: z.string(),
  target: z.string(),
  lesson: z.string().optional(),
  notes: z.string().optional(),
  tags: z.array(z.string()).optional(),
  /** Per-variant overrides for this phrase only, keyed by variant id. */
  overrides: z.record(z.string(), VariantOverrideSchema).optional(),
});
export type Phrase = z.infer<typeof PhraseSchema>;

/**
 * MP3 constant bitrates a course may ask for, in kbps: 32-192, as LAME's encoder (electron/main/core/output/lame)
 * takes them; it refuses 56, which only failed when the first file was encoded, after synthesis.
 */
export const MP3_BITRATES: readonly number[] = [32, 40, 48, 64, 80, 96, 112, 128, 160, 192];
/**
 * The least room (dB) between a course's true-peak ceiling and its integrated loudness that speech can
 * be limited into; under PEAK_TO_LOUDNESS_WARN_DB the load warns that files may land under the target.
 */
export const MIN_PEAK_TO_LOUDNESS_DB = 9;
export const PEAK_TO_LOUDNESS_WARN_DB = 13;

/** The room (dB) a loudness target leaves its peaks under its true-peak ceiling. */
export const peakRoomDb = (loudness: { readonly integrated: number; readonly truePeak: number }): number => loudness.truePeak - loudness.integrated;
/** A level in a message: to a tenth of a dB, without a trailing ".0". */
export const tenthDb = (value: number): number => Math.round(value * 10) / 10;

/** The highest bitrate an MP3 at a 16-24 kHz sample rate (MPEG-2) can carry. */
export const MPEG2_MAX_BITRATE = 160;

export const CourseOutputSchema = z
  .object({
    format: OutputFormatSchema.optional(),
    /** File name template without extension; fields: {phrase} {variant} {lesson} {index}. */
    naming: z.string().min(1).optional(),
    /** MP3 constant bitrate in kbps (default: 64 for 22.05/24 kHz speech). LAME caps 22.05/24 kHz audio at 160. */
    bitrate: z
      .number()
      .refine((kbps) => MP3_BITRATES.includes(kbps), { message: `must be one of ${MP3_BITRATES.join(', ')} (kbps)` })
      .optional(),
    /** Sample rate of the delivered files in Hz (default: the engine's own); derived from the masters, never synthesized again. */
    sampleRate: OutputSampleRateSchema.optional(),
    /** Loudness every delivered file is normalized to (default -18 LUFS, -1.5 dBTP); `false` keeps the master's level. */
    loudness: LoudnessSettingsSchema.optional(),
    /** Leading/trailing silence trimmed and padded to these lengths (default 100 / 250 ms); `false` keeps the master's. */
    silence: SilenceSettingsSchema.optional(),
  })
  .superRefine((output, context) => {
    // A loudness the ceiling leaves no room for: speech's peaks sit 12 dB or more over its integrated
    // loudness; squeezed under 9 dB by the limiter it no longer reaches the target, whatever the gain
    // (tried: -10 LUFS under -0.5 dBTP landed at -11 to -12 LUFS, 9.5 dB of room).
    if (output.loudness && peakRoomDb(output.loudness) < MIN_PEAK_TO_LOUDNESS_DB)
      context.addIssue({
        code: 'custom',
        path: ['loudness', 'integrated'],
        message:
          `${output.loudness.integrated} LUFS under a ${output.loudness.truePeak} dBTP ceiling leaves ${tenthDb(peakRoomDb(output.loudness))} dB for the peaks; ` +
          `speech needs at least ${MIN_PEAK_TO_LOUDNESS_DB}: lower "integrated" to ${output.loudness.truePeak - MIN_PEAK_TO_LOUDNESS_DB} or less, or raise "truePeak"`,
      });
    // Both written: a contradiction LAME would settle by lowering the bitrate without a word.
    if (output.bitrate !== undefined && output.sampleRate !== undefined && output.sampleRate <= 24_000 && output.bitrate > MPEG2_MAX_BITRATE)
      context.addIssue({
        code: 'custom',
        path: ['bitrate'],
        message: `${output.bitrate} kbps is more than an MP3 at ${output.sampleRate} Hz can carry (at most ${MPEG2_MAX_BITRATE}); choose ${MPEG2_MAX_BITRATE} or less, or a sample rate of 44100 or 48000 Hz`,
      });
  });

export const CourseSchema = z.object({
  schema: z.literal('course/1', { message: 'must be "course/1"' }),
  id: IdSchema,
  title: z.string().min(1, 'must not be empty'),
  languages: z.object({ target: LocaleSchema, known: LocaleSchema }),
  /** Role -> Azure voice short name, e.g. {"target": "es-ES-ElviraNeural"}. */
  voices: z.record(z.string(), z.string().min(1, 'must name a voice')),
  variants: z.array(VariantSchema).min(1, 'must list at least one variant'),
  phrases: z.array(PhraseSchema).min(1, 'must list at least one phrase'),
  output: CourseOutputSchema.optional(),
  /** Course-wide pronunciation table, compiled into every render whose text contains an entry. */
  pronunciations: z.array(PronunciationSchema).optional(),
  /** Lesson tracks built from the renders (see shared/model/tracks.ts). */
  tracks: z.array(TrackSchema).optional(),
});
export type Course = z.infer<typeof CourseSchema>;

export const DEFAULT_NAMING = '{phrase}_{variant}';
