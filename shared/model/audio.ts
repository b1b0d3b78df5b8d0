import { z } from 'zod';
import { OUTPUT_SAMPLE_RATES, type OutputSampleRate } from './settings-limits';

/** Container formats the output layer writes. Both engines deliver bytes already in this format. */
export const OutputFormatSchema = z.enum(['wav', 'mp3']);
export type OutputFormat = z.infer<typeof OutputFormatSchema>;

export const ENGINE_NAMES = ['offline', 'azure'] as const;
export const EngineNameSchema = z.enum(ENGINE_NAMES);
export type EngineName = z.infer<typeof EngineNameSchema>;

/** A delivered file's sample rate (absent: the engine's own, e.g. eSpeak 22050 Hz, Azure 24 kHz). */
export const OutputSampleRateSchema = z
  .number()
  .refine((hz): hz is OutputSampleRate => (OUTPUT_SAMPLE_RATES as readonly number[]).includes(hz), { message: `must be one of ${OUTPUT_SAMPLE_RATES.join(', ')} (Hz)` });
export type { OutputSampleRate };
