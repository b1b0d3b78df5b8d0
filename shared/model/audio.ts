import { z } from 'zod';

/** Container formats the output layer writes. Both engines deliver bytes already in this format. */
export const OutputFormatSchema = z.enum(['wav', 'mp3']);
export type OutputFormat = z.infer<typeof OutputFormatSchema>;

export const ENGINE_NAMES = ['offline', 'azure'] as const;
export const EngineNameSchema = z.enum(ENGINE_NAMES);
export type EngineName = z.infer<typeof EngineNameSchema>;
