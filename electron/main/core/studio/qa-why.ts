import type { RenderCell } from '../../../../shared/ipc/contract';
import type { Course } from '../../../../shared/model/course';
import type { RenderJob } from '../../../../shared/model/render';
import { shapingForJob, shapingOf } from '../deliver/course-shaping';
import { predictedSpeechMs } from '../deliver/qa';

/**
 * The "why" of a QA flag, for the table's tooltip: the speech length a render's text and rate predict
 * (the core's own prediction, deliver/qa.ts) against the speech in its file (its length without the
 * silence the delivery pads around it). Only flagged done or cached cells carry it.
 */

/**
 * The silence the delivery adds around one render's speech (ms): the course's lengths, or the
 * variant's own when it sets them (the delivered file is padded to exactly those, shapingForJob).
 */
export function paddingMsOf(course: Pick<Course, 'output'>, job: Pick<RenderJob, 'silenceMs'>): number {
  const { silence } = shapingForJob(shapingOf(course), job);
  return silence ? silence.leadMs + silence.tailMs : 0;
}

/** `cell` with `expectedSpeechMs` and `speechMs` when it carries QA flags, without them otherwise; the same object when unchanged. */
export function withQaWhy(cell: RenderCell, job: Pick<RenderJob, 'text' | 'rate'>, paddingMs: number): RenderCell {
  const flagged = (cell.status === 'done' || cell.status === 'cached') && (cell.qa?.length ?? 0) > 0;
  const expectedSpeechMs = flagged ? Math.round(predictedSpeechMs(job.text, job.rate)) : undefined;
  const speechMs = flagged && cell.durationMs !== undefined ? Math.max(0, Math.round(cell.durationMs - paddingMs)) : undefined;
  if (cell.expectedSpeechMs === expectedSpeechMs && cell.speechMs === speechMs) return cell;
  const { expectedSpeechMs: _e, speechMs: _s, ...rest } = cell;
  return { ...rest, ...(expectedSpeechMs !== undefined ? { expectedSpeechMs } : {}), ...(speechMs !== undefined ? { speechMs } : {}) };
}
