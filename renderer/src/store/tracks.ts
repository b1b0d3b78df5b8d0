import { create } from 'zustand';
import type { AnkiExportResult, TrackFileView, TracksBuildResult, TracksView, TrackView } from '../../../shared/ipc/deliverables-contract';
import { invoke } from '../lib/api';
import { cellKey, PLAYABLE } from '../lib/cells';
import { formatCount, plural } from '../lib/format';
import { cellState } from './cells';
import { usePlayer, type QueueItem } from './player';
import { toastError, toastInfo } from './toasts';
import { useUi } from './ui';

/**
 * The Tracks tab (issue 11): the open course's lesson tracks as main lists them (build state,
 * duration, chapters), building them, playing one in the player with its chapters, "listen through"
 * a lesson, and the Anki export with where it went.
 */
interface TracksState {
  view: TracksView | null;
  loading: boolean;
  building: boolean;
  exporting: boolean;
  lastBuild: Pick<TracksBuildResult, 'built' | 'kept' | 'skipped'> | null;
  lastExport: AnkiExportResult | null;
  load(): Promise<void>;
  build(): Promise<void>;
  exportAnki(): Promise<void>;
  reveal(file: string): Promise<void>;
  /** Loads a built track into the player; with `follow`, the table's selection follows the phrase playing. */
  playTrack(file: string, follow?: boolean): Promise<void>;
  /** Plays a lesson in order: its track when built, else its phrases' clips one after the other. */
  listenThrough(file: string): Promise<void>;
  reset(): void;
}

export const useTracks = create<TracksState>()((set, get) => ({
  view: null,
  loading: false,
  building: false,
  exporting: false,
  lastBuild: null,
  lastExport: null,

  async load() {
    set({ loading: true });
    try {
      set({ view: await invoke('tracks:list') });
    } catch (error) {
      toastError('list the tracks', error);
    } finally {
      set({ loading: false });
    }
  },

  async build() {
    set({ building: true });
    try {
      const { built, kept, skipped, ...view } = await invoke('tracks:build');
      set({ view, lastBuild: { built, kept, skipped } });
      const summary = `${plural(built, 'file')} built, ${formatCount(kept)} unchanged${skipped.length ? `; ${plural(skipped.length, 'file')} skipped: ${skipped[0]!.reason}` : ''}.`;
      toastInfo(built ? 'Tracks built.' : 'The tracks were already up to date.', summary, skipped.length ? 'info' : 'success');
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
      toastInfo('Anki deck exported.', `${plural(result.notes, 'note')} with ${plural(result.media, 'audio file')}: ${result.paths.join(' and ')}`, 'success');
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
    const found = findFile(get().view, file);
    if (!found) return;
    const { track, entry } = found;
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
        follow: follow ? (track.variants[0] ?? null) : null,
      });
    } catch (error) {
      toastError(`play the track ${entry.title}`, error);
    }
  },

  async listenThrough(file) {
    const found = findFile(get().view, file);
    if (!found) return;
    if (found.entry.durationMs !== null) return get().playTrack(file, true);
    const items = lessonQueue(found.track, found.entry);
    if (!items.length) {
      toastInfo(`Nothing of ${found.entry.title} is rendered yet.`, 'Generate the course first.', 'error');
      return;
    }
    usePlayer.getState().playQueue(`lesson:${file}`, items);
  },

  reset() {
    set({ view: null, lastBuild: null, lastExport: null });
  },
}));

function findFile(view: TracksView | null, file: string): { track: TrackView; entry: TrackFileView } | undefined {
  for (const track of view?.tracks ?? []) {
    const entry = track.files.find((candidate) => candidate.file === file);
    if (entry) return { track, entry };
  }
  return undefined;
}

/** A lesson's rendered clips in track order (each phrase's variants as the track plays them), selecting each phrase as it plays. */
export function lessonQueue(track: Pick<TrackView, 'variants'>, entry: Pick<TrackFileView, 'phrases'>): QueueItem[] {
  return entry.phrases.flatMap((phraseId) =>
    track.variants
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
