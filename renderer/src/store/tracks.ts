import { create } from 'zustand';
import type { CourseView } from '../../../shared/ipc/contract';
import type { AnkiExport, TracksBuild, TrackView } from '../../../shared/ipc/deliverables-contract';
import { NO_LESSON } from '../../../shared/model/track-files';
import { invoke } from '../lib/api';
import { cellKey, PLAYABLE } from '../lib/cells';
import { formatCount, plural } from '../lib/format';
import { cellState } from './cells';
import { useCourse } from './course';
import { usePlayer, type QueueItem } from './player';
import { toastError, toastInfo } from './toasts';
import { useUi } from './ui';

/**
 * The Tracks tab (issue 11): the open course's lesson track files as main lists them (build state,
 * duration, chapters), building them, playing one in the player with its chapters, "listen through"
 * a lesson, and the Anki export with where it went.
 */
interface TracksState {
  files: TrackView[] | null;
  loading: boolean;
  building: boolean;
  exporting: boolean;
  lastBuild: Pick<TracksBuild, 'built' | 'kept' | 'skipped'> | null;
  lastExport: AnkiExport | null;
  load(): Promise<void>;
  build(): Promise<void>;
  exportAnki(): Promise<void>;
  reveal(file: string): Promise<void>;
  /** Loads a built track into the player; with `follow`, the table's selection follows the phrase playing. */
  playTrack(file: string, follow?: boolean): Promise<void>;
  /** Plays a lesson in order: its track when built, else its phrases' rendered clips one after the other. */
  listenThrough(file: string): Promise<void>;
  reset(): void;
}

export const useTracks = create<TracksState>()((set, get) => ({
  files: null,
  loading: false,
  building: false,
  exporting: false,
  lastBuild: null,
  lastExport: null,

  async load() {
    set({ loading: true });
    try {
      set({ files: await invoke('tracks:list') });
    } catch (error) {
      toastError('list the tracks', error);
    } finally {
      set({ loading: false });
    }
  },

  async build() {
    set({ building: true });
    try {
      const { built, kept, skipped, tracks } = await invoke('tracks:build');
      set({ files: tracks, lastBuild: { built, kept, skipped } });
      const { title, tone } = buildOutcome(built, skipped.length);
      const why = skipped.length ? `; ${plural(skipped.length, 'file')} not built: ${skipped[0]!.reason}` : '';
      toastInfo(title, `${plural(built, 'file')} built, ${formatCount(kept)} unchanged${why}.`, tone);
    } catch (error) {
      toastError('build the tracks', error);
    } finally {
      set({ building: false });
    }
  },

  async exportAnki() {
    set({ exporting: true });
    try {
      const result = await invoke('export:anki');
      set({ lastExport: result });
      toastInfo('Anki deck exported.', `${plural(result.notes, 'note')} with ${plural(result.media, 'audio file')}: ${result.files.join(' and ')}`, 'success');
    } catch (error) {
      toastError('export the Anki deck', error);
    } finally {
      set({ exporting: false });
    }
  },

  async reveal(file) {
    try {
      const { path } = await invoke('deliverables:reveal', { file });
      toastInfo('Shown in the folder.', path);
    } catch (error) {
      toastError('show the file', error);
    }
  },

  async playTrack(file, follow = false) {
    const entry = get().files?.find((candidate) => candidate.file === file);
    if (!entry) return;
    try {
      const audio = await invoke('tracks:audio', { file });
      usePlayer.getState().play({
        kind: 'track',
        file,
        track: entry.track,
        lesson: entry.lesson,
        title: entry.title,
        url: audio.url,
        durationMs: audio.durationMs,
        chapters: entry.chapters,
        follow: follow ? (useCourse.getState().course?.variants[0]?.id ?? null) : null,
      });
    } catch (error) {
      toastError(`play the track ${entry.title}`, error);
    }
  },

  async listenThrough(file) {
    const entry = get().files?.find((candidate) => candidate.file === file);
    const course = useCourse.getState().course;
    if (!entry || !course) return;
    if (entry.state !== 'not-built') return get().playTrack(file, true);
    const items = lessonQueue(course, entry);
    if (!items.length) {
      toastInfo(`Nothing of ${entry.title} is rendered yet.`, 'Generate the course first.', 'error');
      return;
    }
    usePlayer.getState().playQueue(`lesson:${file}`, items);
  },

  reset() {
    set({ files: null, lastBuild: null, lastExport: null });
  },
}));

function buildOutcome(built: number, skipped: number): { title: string; tone: 'success' | 'info' | 'error' } {
  if (built > 0) return { title: 'Tracks built.', tone: skipped ? 'info' : 'success' };
  if (skipped > 0) return { title: 'No track could be built yet.', tone: 'error' };
  return { title: 'The tracks were already up to date.', tone: 'success' };
}

/** The track files grouped by track, in main's order. */
export function groupByTrack(files: readonly TrackView[]): Array<{ id: string; files: TrackView[] }> {
  const groups = new Map<string, TrackView[]>();
  for (const file of files) groups.set(file.track, [...(groups.get(file.track) ?? []), file]);
  return [...groups].map(([id, grouped]) => ({ id, files: grouped }));
}

/** The phrases of a track file: those of its lesson, or every phrase for a whole-course track (named after the course). */
export function phrasesOfTrackFile(course: Pick<CourseView, 'id' | 'phrases'>, file: Pick<TrackView, 'lesson'>): string[] {
  const ofLesson = course.phrases.filter((phrase) => (phrase.lesson ?? NO_LESSON) === file.lesson);
  if (!ofLesson.length && file.lesson === course.id) return course.phrases.map((phrase) => phrase.id);
  return ofLesson.map((phrase) => phrase.id);
}

/** A lesson's rendered clips in order (each phrase's variants in course order), selecting each phrase as it plays. */
export function lessonQueue(course: Pick<CourseView, 'id' | 'phrases' | 'variants'>, file: Pick<TrackView, 'lesson'>): QueueItem[] {
  return phrasesOfTrackFile(course, file).flatMap((phraseId) =>
    course.variants
      .map((variant) => variant.id)
      .filter((variantId) => PLAYABLE.has(cellState(cellKey(phraseId, variantId)).status))
      .map((variantId) => ({
        key: cellKey(phraseId, variantId),
        load: async () => {
          useUi.getState().select({ phraseId, variantId });
          const preview = await invoke('preview:get', { phraseId, variantId });
          return { kind: 'render' as const, phraseId, variantId, ...preview };
        },
      })),
  );
}
