import type { TrackBuildState, TrackFileView, TrackView } from '../../../../shared/ipc/deliverables-contract';
import type { Course } from '../../../../shared/model/course';
import type { TrackRecord } from '../deliver/track-index';
import type { TrackPlan } from '../deliver/track-plan';

/**
 * The Tracks view from the course's track plans and what the folder's track index says was built:
 * pure, so the states are tested without files. `fileIntact` says whether a recorded file is still the
 * one written (run/file-check's verdict), `rendered` whether a render's file is on disk.
 */
export interface TrackStateInputs {
  readonly course: Pick<Course, 'tracks'>;
  readonly plans: readonly TrackPlan[];
  readonly records: ReadonlyMap<string, TrackRecord>;
  readonly fileIntact: (record: TrackRecord) => boolean;
  readonly rendered: (phraseId: string, variantId: string) => boolean;
}

export function buildStateOf(plan: Pick<TrackPlan, 'key'>, record: TrackRecord | undefined, intact: boolean): TrackBuildState {
  if (!record) return 'not-built';
  return record.key === plan.key && intact ? 'built' : 'stale';
}

export function trackViews(inputs: TrackStateInputs): TrackView[] {
  return (inputs.course.tracks ?? []).map((track) => ({
    id: track.id,
    per: track.per,
    variants: track.sequence.filter((step): step is string => typeof step === 'string'),
    files: inputs.plans.filter((plan) => plan.track === track.id).map((plan) => fileView(plan, inputs)),
  }));
}

function fileView(plan: TrackPlan, inputs: TrackStateInputs): TrackFileView {
  const record = inputs.records.get(plan.file);
  const intact = record !== undefined && inputs.fileIntact(record);
  const state = buildStateOf(plan, record, intact);
  const clips = plan.phrases.flatMap((phrase) => phrase.parts).flatMap((part) => (part.kind === 'clip' ? [part.job] : []));
  // A stale file still plays (what was built before), so its length and chapters are shown as they are on disk.
  const onDisk = record && intact ? record : undefined;
  return {
    track: plan.track,
    lesson: plan.lesson,
    file: plan.file,
    title: plan.title,
    state,
    durationMs: onDisk?.durationMs ?? null,
    ...(onDisk?.loudnessLufs !== undefined ? { loudnessLufs: onDisk.loudnessLufs } : {}),
    chapters: onDisk?.phrases ?? [],
    phrases: plan.phrases.map((phrase) => phrase.phrase),
    missing: clips.filter((job) => !inputs.rendered(job.phraseId, job.variantId)).length,
  };
}
