import { create } from 'zustand';
import type { VoiceInfo } from '../../../shared/ipc/contract';
import { describeError, invoke } from '../lib/api';
import { usePlayer, type PlayerSource, type QueueItem } from './player';
import { toastError, toastInfo } from './toasts';
import { useCourse } from './course';
import { useSettings } from './settings';
import { azureAccessChanged } from './azureAccess';

export const AUDITION_RATES = [0.6, 0.7, 0.8, 0.9, 1.0] as const;
export type Gender = 'any' | VoiceInfo['gender'];

export interface AuditionTake {
  state: 'rendering' | 'ready' | 'error';
  url?: string;
  durationMs?: number;
  error?: string;
}

interface AuditionState {
  text: string;
  /** Once the producer types, selecting another phrase no longer overwrites the text. */
  textEdited: boolean;
  /** '' lists every locale. */
  locale: string;
  gender: Gender;
  voices: VoiceInfo[];
  voicesState: 'idle' | 'loading' | 'ready' | 'error';
  voicesError: string | null;
  /** Voices in the grid (rows), in the order they were picked. */
  picked: string[];
  /** Rates in the grid (columns), ascending. */
  rates: number[];
  /** Take key (voice|rate|text) -> its render. */
  takes: Record<string, AuditionTake>;
  assigning: string | null;
  /** The rate of the take last played per voice: what "Use for <variant>" applies with the voice. */
  lastRate: Record<string, number>;
  setText(text: string, edited: boolean): void;
  setLocale(locale: string): void;
  setGender(gender: Gender): void;
  loadVoices(): Promise<void>;
  togglePick(voice: string): void;
  toggleRate(rate: number): void;
  render(voice: string, rate: number): Promise<PlayerSource>;
  playTake(voice: string, rate: number): Promise<void>;
  playAll(): void;
  /** Saves `voice` for the variant's voice role and `rate` as the variant's rate, in one change of the course file. */
  applyToVariant(variantId: string, voice: string, rate: number): Promise<void>;
  /** Drops failed takes and a failed voice list: after a new key or endpoint, an old 401 is no longer the truth. */
  forgetFailures(): void;
}

export const takeKey = (voice: string, rate: number, text: string): string => `${voice}|${rate.toFixed(1)}|${text}`;
export const PLAY_ALL_QUEUE = 'audition';

const MAX_PICKED = 6;

export const useAudition = create<AuditionState>()((set, get) => ({
  text: '',
  textEdited: false,
  locale: '',
  gender: 'any',
  voices: [],
  voicesState: 'idle',
  voicesError: null,
  picked: [],
  rates: [0.7, 1.0],
  takes: {},
  assigning: null,
  lastRate: {},

  setText(text, edited) {
    set({ text, textEdited: edited });
  },
  setLocale(locale) {
    if (locale === get().locale) return;
    set({ locale });
    void get().loadVoices();
  },
  setGender(gender) {
    set({ gender });
  },

  async loadVoices() {
    const locale = get().locale;
    set({ voicesState: 'loading', voicesError: null });
    try {
      const voices = await invoke('voices:list', locale ? { locale } : {});
      if (get().locale !== locale) return;
      const available = new Set(voices.map((v) => v.shortName));
      // Keep picks that still exist; start with the course's own voices so the first comparison
      // is "what we have" against "what else there is".
      let picked = get().picked.filter((v) => available.has(v));
      if (picked.length === 0) {
        const assigned = Object.values(useCourse.getState().course?.voices ?? {}).filter((v) => available.has(v));
        picked = [...new Set(assigned)].slice(0, 2);
        for (const v of voices) {
          if (picked.length >= 2) break;
          if (!picked.includes(v.shortName)) picked.push(v.shortName);
        }
      }
      set({ voices, voicesState: 'ready', picked });
    } catch (error) {
      if (get().locale === locale) set({ voicesState: 'error', voicesError: describeError(error) });
    }
  },

  togglePick(voice) {
    const picked = get().picked;
    if (picked.includes(voice)) set({ picked: picked.filter((v) => v !== voice) });
    else if (picked.length < MAX_PICKED) set({ picked: [...picked, voice] });
    else toastInfo(`The grid holds ${MAX_PICKED} voices.`, 'Untick one to compare another.');
  },

  toggleRate(rate) {
    const rates = get().rates;
    const next = rates.includes(rate) ? rates.filter((r) => r !== rate) : [...rates, rate].sort((a, b) => a - b);
    set({ rates: next });
  },

  async render(voice, rate) {
    const text = get().text.trim();
    const key = takeKey(voice, rate, text);
    const known = get().takes[key];
    const locale = get().voices.find((v) => v.shortName === voice)?.locale;
    if (known?.state === 'ready' && known.url) return auditionSource(key, voice, rate, text, known.url, known.durationMs ?? 0);
    set({ takes: { ...get().takes, [key]: { state: 'rendering' } } });
    try {
      const ref = await invoke('audition:render', locale ? { text, voice, rate, locale } : { text, voice, rate });
      set({ takes: { ...get().takes, [key]: { state: 'ready', url: ref.url, durationMs: ref.durationMs } } });
      return auditionSource(key, voice, rate, text, ref.url, ref.durationMs);
    } catch (error) {
      set({ takes: { ...get().takes, [key]: { state: 'error', error: describeError(error) } } });
      throw error;
    }
  },

  async playTake(voice, rate) {
    if (!get().text.trim()) {
      toastInfo('Type a phrase to audition first.');
      return;
    }
    usePlayer.getState().stopQueue();
    set({ lastRate: { ...get().lastRate, [voice]: rate } });
    try {
      const source = await get().render(voice, rate);
      usePlayer.getState().play(source);
    } catch (error) {
      toastError(`render ${voice} at ${rate.toFixed(1)}×`, error);
    }
  },

  playAll() {
    const { picked, rates, text } = get();
    if (!text.trim() || picked.length === 0 || rates.length === 0) return;
    const items: QueueItem[] = [];
    for (const voice of picked) for (const rate of rates) items.push({ key: takeKey(voice, rate, text.trim()), load: () => get().render(voice, rate) });
    usePlayer.getState().playQueue(PLAY_ALL_QUEUE, items);
  },

  async applyToVariant(variantId, voice, rate) {
    set({ assigning: `${variantId}:${voice}` });
    try {
      await invoke('setup:useVoice', { variantId, voice, rate });
      // The table and its Stale cells follow through main's course:changed and cells:changed events.
      toastInfo(`${voice} at ${rate.toFixed(1)}× now speaks "${variantId}".`, 'Renders that changed are marked stale.', 'success');
    } catch (error) {
      toastError(`use ${voice} for ${variantId}`, error);
    } finally {
      set({ assigning: null });
    }
  },

  forgetFailures() {
    const takes = Object.fromEntries(Object.entries(get().takes).filter(([, take]) => take.state !== 'error'));
    const voicesFailed = get().voicesState === 'error';
    set({ takes, ...(voicesFailed ? { voicesState: 'idle' as const, voicesError: null } : {}) });
    if (voicesFailed) void get().loadVoices();
  },
}));

// A key saved, forgotten or re-checked, or another region or host: audition failures cached under the
// old access would keep saying what is no longer true (a 401 after a good key was saved).
useSettings.subscribe((next, previous) => {
  if (azureAccessChanged(previous.settings, next.settings)) useAudition.getState().forgetFailures();
});

function auditionSource(key: string, voice: string, rate: number, text: string, url: string, durationMs: number): PlayerSource {
  return { kind: 'audition', key, voice, rate, text, url, durationMs };
}
