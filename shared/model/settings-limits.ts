/**
 * The limits of every studio setting, defined once (zod-free, so the page may import them as values):
 * the stored settings' schema, the IPC patch schema, the Settings form and the CLI's flags all read
 * these numbers.
 */
export const SETTINGS_LIMITS = {
  maxConnections: { min: 1, max: 64 },
  pricePerMillionChars: { min: 0, max: 10_000 },
  outputDir: { maxLength: 4096 },
  azureRegion: { maxLength: 64 },
  azureHost: { maxLength: 512 },
  /** A custom Azure tier's requests per second: above 0, at most this. */
  azureRequestsPerSecond: { max: 1000 },
  /** Renders left from which the studio suggests Azure batch synthesis (default: BATCH_SUGGESTED_FROM). */
  batchThresholdRenders: { min: 1, max: 10_000_000 },
} as const;

/**
 * Sample rates a delivered file may have (`output.sampleRate` in a course, the studio's Sample rate
 * setting), in Hz. All are MPEG audio rates, so an MP3 can be encoded at each (MPEG-2 below 32 kHz).
 */
export const OUTPUT_SAMPLE_RATES = [16_000, 22_050, 24_000, 44_100, 48_000] as const;
export type OutputSampleRate = (typeof OUTPUT_SAMPLE_RATES)[number];

/** The default of `batchThresholdRenders`: below it an interactive run is quick enough (a few minutes). */
export const BATCH_SUGGESTED_FROM = 2_000;
