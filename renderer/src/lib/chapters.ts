import type { TrackView } from '../../../shared/ipc/deliverables-contract';

/** One phrase's place in a track (main's track index). */
export type TrackChapter = TrackView['chapters'][number];

// A track's chapters (one per phrase, from main's track index): which one plays at a time, and
// where their markers sit on the waveform.

/**
 * The index of the chapter playing at `ms`: the last one that started at or before it (a pause after
 * a phrase still belongs to it); -1 before the first. Chapters are in order; binary search, since a
 * whole-course track has hundreds and this runs on every animation frame.
 */
export function chapterIndexAt(chapters: readonly TrackChapter[], ms: number): number {
  let low = 0;
  let high = chapters.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (chapters[mid]!.startMs <= ms) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/** Each chapter's start as a fraction (0..1) of the track, for markers on the waveform. */
export function chapterFractions(chapters: readonly TrackChapter[], durationMs: number): number[] {
  if (!(durationMs > 0)) return chapters.map(() => 0);
  return chapters.map((chapter) => Math.min(1, Math.max(0, chapter.startMs / durationMs)));
}
