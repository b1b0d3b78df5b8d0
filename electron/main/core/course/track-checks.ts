import type { Course } from '../../../../shared/model/course';
import { pauseMultiple } from '../../../../shared/model/tracks';
import type { PathIssue } from './validate-course';

/** Cross-references of the course's tracks: known variant ids, unique track ids, "Nx" pauses after a clip, a clip to play. */
export function trackIssues(course: Course): PathIssue[] {
  const issues: PathIssue[] = [];
  const variants = new Set(course.variants.map((variant) => variant.id));
  const seen = new Map<string, number>();
  (course.tracks ?? []).forEach((track, index) => {
    const first = seen.get(track.id);
    if (first !== undefined)
      issues.push({
        path: ['tracks', index, 'id'],
        problem: `duplicate track id "${track.id}" (also tracks[${first}])`,
        hint: 'Track ids name folders under tracks/, so each must be unique.',
      });
    else seen.set(track.id, index);
    if (!track.sequence.some((step) => typeof step === 'string'))
      issues.push({
        path: ['tracks', index, 'sequence'],
        problem: `track "${track.id}" plays no clip: its sequence has only pauses`,
        hint: `Add the variants to play, e.g. "sequence": ["${course.variants[0]!.id}", {"pause": "2x"}].`,
      });
    track.sequence.forEach((step, at) => {
      if (typeof step === 'string') {
        if (!variants.has(step))
          issues.push({
            path: ['tracks', index, 'sequence', at],
            problem: `track "${track.id}" plays variant "${step}", which the course does not define`,
            hint: `Use one of: ${[...variants].join(', ')}.`,
          });
      } else if (pauseMultiple(step.pause) !== undefined && (at === 0 || typeof track.sequence[at - 1] !== 'string')) {
        issues.push({
          path: ['tracks', index, 'sequence', at, 'pause'],
          problem: `track "${track.id}": the pause "${String(step.pause)}" follows no clip`,
          hint: 'Put a "Nx" pause right after a variant, or give seconds (e.g. 1.5).',
        });
      }
    });
  });
  return issues;
}
