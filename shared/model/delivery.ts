import { z } from 'zod';

/**
 * How delivered audio is shaped from masters (course `output.loudness`, `output.silence`). Part of the
 * delivery key: changing them derives the files again from masters, never synthesizes.
 */

export const LoudnessSettingsSchema = z.union(
  [
    z.literal(false),
    z.object({
      /** Integrated loudness target in LUFS (EBU R128 / ITU-R BS.1770). */
      integrated: z.number().min(-40, 'must be at least -40 (LUFS)').max(-5, 'must be at most -5 (LUFS)').default(-18),
      /** True-peak ceiling in dBTP. */
      truePeak: z.number().min(-12, 'must be at least -12 (dBTP)').max(0, 'must be at most 0 (dBTP)').default(-1.5),
    }),
  ],
  { error: 'must be false or {"integrated": LUFS from -40 to -5, "truePeak": dBTP from -12 to 0}' },
);

export const SilenceSettingsSchema = z.union(
  [
    z.literal(false),
    z.object({
      /** Silence before the speech, in ms, after trimming the master's own. */
      leadMs: z.number().int('must be a whole number of ms').min(0, 'must be at least 0').max(10_000, 'must be at most 10000 (ms)').default(100),
      /** Silence after the speech, in ms. */
      tailMs: z.number().int('must be a whole number of ms').min(0, 'must be at least 0').max(10_000, 'must be at most 10000 (ms)').default(250),
    }),
  ],
  { error: 'must be false or {"leadMs": whole ms, "tailMs": whole ms} from 0 to 10000' },
);

/** QA flags a delivered render can carry (manifest `qa`, summary `qa`). */
export const QA_FLAGS = ['near-silent', 'truncated', 'runaway'] as const;
export const QaFlagSchema = z.enum(QA_FLAGS);
export type QaFlag = z.infer<typeof QaFlagSchema>;

/** What a delivered file's journal entry says about its level and QA (what a studio cell shows beside its duration). */
export interface DeliveredLevels {
  readonly loudnessLufs?: number;
  readonly truePeakDbtp?: number;
  readonly qa?: QaFlag[];
}

/** The levels of a journal entry or manifest item, without the fields it lacks. */
export function deliveredLevels(entry: DeliveredLevels): DeliveredLevels {
  return {
    ...(entry.loudnessLufs !== undefined ? { loudnessLufs: entry.loudnessLufs } : {}),
    ...(entry.truePeakDbtp !== undefined ? { truePeakDbtp: entry.truePeakDbtp } : {}),
    ...(entry.qa !== undefined ? { qa: [...entry.qa] } : {}),
  };
}
