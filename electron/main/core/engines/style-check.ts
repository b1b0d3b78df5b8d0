import type { Course } from '../../../../shared/model/course';
import { unknownStyleProblems } from '../course/voice-styles';
import type { SpeechEngine } from './speech-engine';
import { canListVoices } from './voice-list';

/**
 * Styles of a course its engine's voices do not offer, by the service's voice list (Azure's
 * StyleList). Engines without a voice list (offline: eSpeak has no styles and drops them) report none.
 * Rejects when the list cannot be had, like the voice check.
 */
export async function findStyleProblems(
  engine: SpeechEngine,
  course: Course,
  file: string,
  placeOf?: (path: ReadonlyArray<string | number>) => string | undefined,
): Promise<string[]> {
  if (!canListVoices(engine) || (!course.variants.some((v) => v.style) && !course.phrases.some((p) => Object.values(p.overrides ?? {}).some((o) => o.style)))) return [];
  return unknownStyleProblems(course, await engine.listVoices(), file, placeOf);
}
