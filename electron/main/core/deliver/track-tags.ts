import NodeID3 from 'node-id3';
import type { TrackPlan } from './track-plan';

/**
 * What a track file says about itself: ID3v2 tags on MP3 (title, album = course title, artist, track
 * n/total, genre Speech, one CHAP frame per phrase under a CTOC, so players can jump to a phrase), and
 * for every format a WebVTT chapter list beside the file.
 */
export const TRACK_ARTIST = 'Course Audio Studio';

export interface Chapter {
  readonly phrase: string;
  readonly startMs: number;
  readonly endMs: number;
}

export function tagMp3(mp3: Uint8Array, plan: TrackPlan, courseTitle: string, chapters: readonly Chapter[]): Uint8Array {
  const ids = chapters.map((_chapter, index) => `ch${index + 1}`);
  const tags: NodeID3.Tags = {
    title: plan.title,
    album: courseTitle,
    artist: TRACK_ARTIST,
    trackNumber: `${plan.number}/${plan.total}`,
    genre: 'Speech',
    chapter: chapters.map((chapter, index) => ({
      elementID: ids[index]!,
      startTimeMs: Math.round(chapter.startMs),
      endTimeMs: Math.round(chapter.endMs),
      tags: { title: chapter.phrase },
    })),
    tableOfContents: [{ elementID: 'toc', isOrdered: true, elements: ids, tags: { title: plan.title } }],
  };
  return new Uint8Array(NodeID3.write(tags, Buffer.from(mp3.buffer, mp3.byteOffset, mp3.byteLength)));
}

/** `00:01:02.345` */
function timestamp(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor(total / 60_000) % 60;
  const seconds = Math.floor(total / 1000) % 60;
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  return `${pad(hours)}:${pad(minutes)}:${pad(seconds)}.${pad(total % 1000, 3)}`;
}

/** A WebVTT chapter list: one cue per phrase, named by its text (known -> target) when given. */
export function webVttChapters(chapters: readonly Chapter[], label: (phrase: string) => string): string {
  const cues = chapters.map(
    (chapter) => `${chapter.phrase}\n${timestamp(chapter.startMs)} --> ${timestamp(chapter.endMs)}\n${label(chapter.phrase).replace(/\n+/g, ' ').replace(/-->/g, '->')}\n`,
  );
  return `WEBVTT\n\n${cues.join('\n')}`;
}
