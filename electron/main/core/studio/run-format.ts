import type { OutputFormat } from '../../../../shared/model/audio';
import type { Course } from '../../../../shared/model/course';

/** A course that names its own output format keeps it (as the CLI does); otherwise the studio's setting. */
export function formatFor(course: Course, settings: { readonly format: OutputFormat }): OutputFormat {
  return course.output?.format ?? settings.format;
}
