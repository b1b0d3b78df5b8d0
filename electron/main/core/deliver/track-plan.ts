import { createHash } from 'node:crypto';
import type { OutputFormat } from '../../../../shared/model/audio';
import type { Course } from '../../../../shared/model/course';
import type { RenderJob } from '../../../../shared/model/render';
import { pauseMultiple, trackTitle, type Track } from '../../../../shared/model/tracks';
import { trackFilePath, trackGroupOf } from '../course/naming';
import type { ShapingSettings } from './shaping';

/**
 * What one track file is made of: for each phrase of the lesson (or course), in course order, its
 * clips and pauses; plus a key over its parts' delivery keys and the layout, so the file is rebuilt
 * only when a part or the layout changed.
 */
export type TrackPart =
  { readonly kind: 'clip'; readonly job: RenderJob } | { readonly kind: 'pause'; readonly seconds: number } | { readonly kind: 'repeat-gap'; readonly times: number };

export interface TrackPhrase {
  readonly phrase: string;
  readonly parts: readonly TrackPart[];
}

export interface TrackPlan {
  readonly track: string;
  readonly lesson: string;
  /** Relative to the output folder: tracks/{track}/{lesson}.{ext}. */
  readonly file: string;
  readonly title: string;
  /** 1-based position among the track's files, and how many there are (the track-number tag). */
  readonly number: number;
  readonly total: number;
  readonly phrases: readonly TrackPhrase[];
  readonly betweenSeconds: number;
  readonly key: string;
}

/** Bumped when track building changes in a way that alters the files for the same parts. */
const TRACK_VERSION = 1;

export interface TrackPlanOptions {
  readonly format: OutputFormat;
  readonly mp3Bitrate?: number | undefined;
  readonly shaping: ShapingSettings;
  /** The delivered sample rate; default the course's `output.sampleRate` (none: the masters'). */
  readonly sampleRate?: number | undefined;
}

export function planTracks(course: Course, jobs: readonly RenderJob[], options: TrackPlanOptions): TrackPlan[] {
  const byRender = new Map(jobs.map((job) => [`${job.phraseId}/${job.variantId}`, job]));
  const plans: TrackPlan[] = [];
  // Only a chosen rate enters the key, so tracks built before rates were honoured keep their keys.
  const sampleRate = options.sampleRate ?? course.output?.sampleRate;
  for (const track of course.tracks ?? []) {
    const groups = new Map<string, string[]>();
    for (const phrase of course.phrases) {
      const lesson = trackGroupOf(track.per, course.id, phrase.lesson);
      groups.set(lesson, [...(groups.get(lesson) ?? []), phrase.id]);
    }
    let number = 0;
    for (const [lesson, phraseIds] of groups) {
      number++;
      const phrases = phraseIds.map((phrase) => ({ phrase, parts: partsOf(track, phrase, byRender) }));
      const title = trackTitle(track.title ?? (track.per === 'course' ? '{course}' : '{course} - {lesson}'), { course: course.title, lesson, track: track.id });
      const betweenSeconds = track.between?.pause ?? 0;
      const layout = phrases.map((entry) => [
        entry.phrase,
        entry.parts.map((part) => (part.kind === 'clip' ? part.job.key : part.kind === 'pause' ? part.seconds : `${part.times}x`)),
      ]);
      const key = createHash('sha256')
        .update(
          JSON.stringify([
            TRACK_VERSION,
            options.format,
            options.mp3Bitrate ?? 'auto',
            options.shaping,
            title,
            course.title,
            number,
            groups.size,
            betweenSeconds,
            layout,
            ...(sampleRate ? [sampleRate] : []),
          ]),
        )
        .digest('hex')
        .slice(0, 32);
      plans.push({
        track: track.id,
        lesson,
        file: trackFilePath(track.id, lesson, options.format),
        title,
        number,
        total: groups.size,
        phrases,
        betweenSeconds,
        key,
      });
    }
  }
  return plans;
}

function partsOf(track: Track, phrase: string, byRender: ReadonlyMap<string, RenderJob>): TrackPart[] {
  return track.sequence.map((step): TrackPart => {
    if (typeof step === 'string') {
      const job = byRender.get(`${phrase}/${step}`);
      if (!job) throw new Error(`Track "${track.id}" plays variant "${step}", which phrase ${phrase} has no render of`);
      return { kind: 'clip', job };
    }
    const times = pauseMultiple(step.pause);
    return times !== undefined ? { kind: 'repeat-gap', times } : { kind: 'pause', seconds: step.pause as number };
  });
}
