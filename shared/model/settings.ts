import { z } from 'zod';
import { EngineNameSchema, OutputFormatSchema, OutputSampleRateSchema } from './audio';
import { AzureTierSettingSchema } from './azure-tier';
import { SETTINGS_LIMITS as L } from './settings-limits';

/**
 * The studio's settings fields with their constraints: ONE definition, used by the stored settings
 * (electron/main/core/settings/settings-schema.ts, strict) and by the IPC patch (shared/ipc/contract.ts,
 * partial). The limits themselves are in settings-limits.ts.
 */
export const SettingsFieldsSchema = z
  .object({
    engine: EngineNameSchema,
    azure: z.object({ region: z.string().max(L.azureRegion.maxLength), host: z.string().max(L.azureHost.maxLength) }).strict(),
    outputDir: z.string().min(1).max(L.outputDir.maxLength),
    format: OutputFormatSchema,
    /** Sample rate of delivered files in Hz, unless the course names one; null = the engine's own. */
    sampleRate: OutputSampleRateSchema.nullable().optional(),
    maxConnections: z.number().int().min(L.maxConnections.min).max(L.maxConnections.max),
    pricePerMillionChars: z.number().min(L.pricePerMillionChars.min).max(L.pricePerMillionChars.max),
    /** The Azure resource's tier or custom requests per second, when known (run-setup.ts); null = unknown. */
    azureTier: AzureTierSettingSchema.nullable().optional(),
    /** Runs with at least this many renders left are offered "Send to Azure batch" (absent: BATCH_SUGGESTED_FROM). */
    batchThresholdRenders: z.number().int().min(L.batchThresholdRenders.min).max(L.batchThresholdRenders.max).optional(),
  })
  .strict();
