import type { OutputFormat, OutputSampleRate } from '../../../../shared/model/audio';
import type { Course } from '../../../../shared/model/course';
import type { Mp3Bitrate } from '../output/mp3';

/** A course that names its own output format keeps it (as the CLI does); otherwise the studio's setting. */
export function formatFor(course: Course, settings: { readonly format: OutputFormat }): OutputFormat {
  return course.output?.format ?? settings.format;
}

/** The delivery settings a studio run plans and derives with: one definition for the run, the cells and the plan. */
export interface StudioDelivery {
  readonly format: OutputFormat;
  readonly mp3Bitrate?: Mp3Bitrate;
  readonly sampleRate?: OutputSampleRate;
}

/**
 * Format, MP3 bitrate and sample rate of a studio run: the course's own `output` wins (as in the CLI),
 * then the studio's settings (sample rate null or absent = the engine's own rate).
 */
export function deliveryFor(course: Course, settings: { readonly format: OutputFormat; readonly sampleRate?: OutputSampleRate | null | undefined }): StudioDelivery {
  const sampleRate = course.output?.sampleRate ?? settings.sampleRate ?? undefined;
  return {
    format: formatFor(course, settings),
    ...(course.output?.bitrate ? { mp3Bitrate: course.output.bitrate as Mp3Bitrate } : {}),
    ...(sampleRate ? { sampleRate } : {}),
  };
}
