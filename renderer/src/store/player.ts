import { create } from 'zustand';
import type { Preview } from '../../../shared/ipc/contract';
import type { TrackChapter } from '../lib/chapters';
import { invoke } from '../lib/api';
import { audioElement } from '../lib/audioOutput';
import { cellKey } from '../lib/cells';
import { cellState } from './cells';
import { clipFailureAction } from './clipFailure';
import { toastError, toastInfo } from './toasts';

/** What the player bar holds: a rendered cell (with a waveform), an audition take, or a lesson track with its chapters. */
export type PlayerSource =
  | ({ kind: 'render'; phraseId: string; variantId: string } & Preview)
  | { kind: 'audition'; key: string; url: string; durationMs: number; voice: string; rate: number; text: string }
  | {
      kind: 'track';
      /** Relative to the course's output folder: tracks/{track}/{lesson}.{ext}. */
      file: string;
      track: string;
      lesson: string;
      title: string;
      url: string;
      durationMs: number;
      chapters: TrackChapter[];
      /** "Listen through": the variant the table's selection follows, phrase by phrase, as the track plays (null: none). */
      follow: string | null;
    };

/** One step of "Play all": rendered on demand just before it plays. */
export interface QueueItem {
  key: string;
  load(): Promise<PlayerSource | null>;
}

export type PlayerStatus = 'empty' | 'loading' | 'playing' | 'paused' | 'ended';

interface PlayerState {
  source: PlayerSource | null;
  status: PlayerStatus;
  /** The cell id or audition key being fetched, so its button can show a spinner. */
  loadingKey: string | null;
  /** Set while "Play all" walks its queue. */
  queueId: string | null;
  durationMs: number;
  playCell(phraseId: string, variantId: string): Promise<void>;
  play(source: PlayerSource): void;
  playQueue(queueId: string, items: QueueItem[]): void;
  stopQueue(): void;
  toggle(): void;
  seekFraction(fraction: number): void;
  /** Jumps to `ms` in what is loaded (a chapter of a track), and plays on from there. */
  seekMs(ms: number): void;
  /** Called by the <audio> element's events. */
  audioEvent(kind: 'play' | 'pause' | 'ended' | 'duration'): void;
  /** The <audio> element could not load its source: fetch the clip again or say why there is none. */
  audioFailed(): void;
  /** Another course: nothing of the last one stays loaded. */
  reset(): void;
}

// Every load gets a ticket; an answer that comes back after a newer request is dropped, so fast
// clicking (or arrowing through the table with Space) never plays a stale take.
let ticket = 0;
let queue: QueueItem[] = [];

function startAudio(url: string): void {
  const audio = audioElement();
  if (!audio) return;
  if (audio.src !== url) audio.src = url;
  else audio.currentTime = 0;
  audio.play().catch((error: unknown) => {
    // AbortError: a newer source replaced this one before it started; that is not a failure.
    if (error instanceof DOMException && error.name === 'AbortError') return;
    toastError('play the audio', error instanceof DOMException ? 'The audio could not be played on this system.' : error);
  });
}

export const usePlayer = create<PlayerState>()((set, get) => ({
  source: null,
  status: 'empty',
  loadingKey: null,
  queueId: null,
  durationMs: 0,

  async playCell(phraseId, variantId) {
    const my = ++ticket;
    queue = [];
    set({ loadingKey: cellKey(phraseId, variantId), queueId: null });
    try {
      const preview = await invoke('preview:get', { phraseId, variantId });
      if (my !== ticket) return;
      get().play({ kind: 'render', phraseId, variantId, ...preview });
    } catch (error) {
      if (my === ticket) {
        set({ loadingKey: null });
        toastError('play this render', error);
      }
    }
  },

  play(source) {
    set({ source, status: 'loading', loadingKey: null, durationMs: source.durationMs });
    startAudio(source.url);
  },

  playQueue(queueId, items) {
    queue = [...items];
    set({ queueId });
    void advance();
  },

  stopQueue() {
    queue = [];
    ticket++;
    set({ queueId: null, loadingKey: null });
    audioElement()?.pause();
  },

  toggle() {
    const audio = audioElement();
    const source = get().source;
    if (!audio || !source) return;
    // The loaded clip's URL failed (the file was rendered again, or its link expired): ask for it anew.
    if (source.kind === 'render' && audio.error) {
      void get().playCell(source.phraseId, source.variantId);
      return;
    }
    if (audio.paused) {
      if (audio.ended) audio.currentTime = 0;
      void audio.play().catch(() => undefined);
    } else audio.pause();
  },

  seekFraction(fraction) {
    const audio = audioElement();
    if (!audio || !Number.isFinite(audio.duration)) return;
    audio.currentTime = Math.max(0, Math.min(1, fraction)) * audio.duration;
  },

  seekMs(ms) {
    const audio = audioElement();
    if (!audio || !get().source) return;
    audio.currentTime = Math.max(0, ms / 1000);
    if (audio.paused) void audio.play().catch(() => undefined);
  },

  audioEvent(kind) {
    const audio = audioElement();
    switch (kind) {
      case 'play':
        retriedKey = null;
        set({ status: 'playing' });
        break;
      case 'pause':
        if (!audio?.ended) set({ status: 'paused' });
        break;
      case 'ended':
        set({ status: 'ended' });
        if (get().queueId) void advance();
        break;
      case 'duration':
        if (audio && Number.isFinite(audio.duration) && audio.duration > 0) set({ durationMs: audio.duration * 1000 });
        break;
    }
  },

  audioFailed() {
    const source = get().source;
    if (!source) return;
    if (source.kind === 'track') {
      // Its link is per build: Build makes a new file, and the Tracks tab a new link.
      set({ status: 'paused' });
      toastInfo(`Couldn't play the track ${source.title}.`, 'Open the Tracks tab and press Play again (Build it if it is out of date).', 'error');
      return;
    }
    const status = source.kind === 'render' ? cellState(cellKey(source.phraseId, source.variantId)).status : null;
    const key = source.kind === 'render' ? cellKey(source.phraseId, source.variantId) : source.key;
    const action = clipFailureAction(source, status, retriedKey === key);
    if (action.kind === 'reload' && source.kind === 'render') {
      retriedKey = key;
      void get().playCell(source.phraseId, source.variantId);
    } else if (action.kind === 'tell') {
      retriedKey = null;
      set({ status: 'paused' });
      toastInfo(action.title, action.detail, 'error');
    }
  },

  reset() {
    ticket++;
    queue = [];
    retriedKey = null;
    const audio = audioElement();
    if (audio) {
      audio.pause();
      audio.removeAttribute('src');
      audio.load();
    }
    set({ source: null, status: 'empty', loadingKey: null, queueId: null, durationMs: 0 });
  },
}));

/** The clip fetched again once after a load failure: if that fails too, it is reported, not retried. */
let retriedKey: string | null = null;

/** Plays the next item of "Play all", rendering it first if needed. */
async function advance(): Promise<void> {
  const next = queue.shift();
  if (!next) {
    usePlayer.setState({ queueId: null });
    return;
  }
  const my = ++ticket;
  usePlayer.setState({ loadingKey: next.key });
  try {
    const source = await next.load();
    if (my !== ticket) return;
    if (source) usePlayer.getState().play(source);
    else void advance();
  } catch (error) {
    if (my !== ticket) return;
    usePlayer.setState({ loadingKey: null, queueId: null });
    queue = [];
    toastError('play all takes', error);
  }
}
