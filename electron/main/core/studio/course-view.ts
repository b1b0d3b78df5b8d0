import type { CourseView } from '../../../../shared/ipc/contract';
import type { Course } from '../../../../shared/model/course';

/** What the renderer gets of a course: everything the table and top bar show, nothing more. */
export function toCourseView(course: Course, file: string, warnings: readonly string[]): CourseView {
  return {
    file,
    id: course.id,
    title: course.title,
    languages: { ...course.languages },
    voices: { ...course.voices },
    variants: course.variants.map((variant) => ({ id: variant.id, text: variant.text, voice: variant.voice, rate: variant.rate })),
    phrases: course.phrases.map((phrase) => ({
      id: phrase.id,
      known: phrase.known,
      target: phrase.target,
      ...(phrase.lesson !== undefined ? { lesson: phrase.lesson } : {}),
      ...(phrase.notes ? { notes: phrase.notes } : {}),
      ...(phrase.tags?.length ? { tags: [...phrase.tags] } : {}),
    })),
    warnings: [...warnings],
  };
}

/** Roles a course uses: its `voices` keys, variant roles and per-phrase override roles. */
export function voiceRolesOf(course: Course): Set<string> {
  const roles = new Set(Object.keys(course.voices));
  for (const variant of course.variants) roles.add(variant.voice);
  for (const phrase of course.phrases) for (const override of Object.values(phrase.overrides ?? {})) if (override.voice) roles.add(override.voice);
  return roles;
}
