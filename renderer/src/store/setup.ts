import { create } from 'zustand';
import type { SetupImpact, SetupView } from '../../../shared/ipc/setup-contract';
import { isEmptyChange, draftProblem, toChange, toDraft, toEntry, type SetupDraft } from '../features/setup/setupDraft';
import { describeError, invoke } from '../lib/api';
import { useCourse } from './course';
import { usePlayer } from './player';
import { toastError, toastInfo } from './toasts';

/** How long typing pauses before "what would this re-render" is asked (one question per pause, not per key). */
export const IMPACT_DELAY_MS = 300;

interface SetupState {
  /** The setup as saved (main's), and the form made from it. */
  view: SetupView | null;
  draft: SetupDraft | null;
  loading: boolean;
  /** What saving the draft would re-render, for the draft it was asked for. */
  impact: SetupImpact | null;
  /** Main's answer to the last save or impact, when it refused the draft: the loader's placed messages. */
  problem: string | null;
  saving: boolean;
  /** Entry index being auditioned. */
  auditioning: number | null;
  load(): Promise<void>;
  edit(change: (draft: SetupDraft) => SetupDraft): void;
  revert(): void;
  save(): Promise<boolean>;
  auditionEntry(index: number): Promise<void>;
  /** The course changed in main (opened, saved, voice used): take its setup, keeping an unsaved draft. */
  courseChanged(): void;
}

let impactTimer: ReturnType<typeof setTimeout> | null = null;
let impactAsked = 0;

export const useSetup = create<SetupState>()((set, get) => ({
  view: null,
  draft: null,
  loading: false,
  impact: null,
  problem: null,
  saving: false,
  auditioning: null,

  async load() {
    set({ loading: true });
    try {
      const view = await invoke('setup:get');
      set({ view, draft: toDraft(view), impact: null, problem: null });
    } catch (error) {
      set({ view: null, draft: null, problem: describeError(error) });
    } finally {
      set({ loading: false });
    }
  },

  edit(change) {
    const draft = get().draft;
    if (!draft) return;
    set({ draft: change(draft) });
    scheduleImpact(get, set);
  },

  revert() {
    const view = get().view;
    if (view) set({ draft: toDraft(view), impact: null, problem: null });
  },

  async save() {
    const { view, draft } = get();
    if (!view || !draft) return false;
    const change = toChange(view, draft);
    const problem = draftProblem(draft);
    if (problem || isEmptyChange(change)) {
      set({ problem });
      return false;
    }
    set({ saving: true });
    try {
      const saved = await invoke('setup:save', change);
      set({ view: saved, draft: toDraft(saved), impact: null, problem: null });
      // The table follows through main's course:changed event (cells through cells:changed).
      toastInfo(
        'The course setup is saved.',
        saved.storage === 'memory' ? 'This course is not a file of yours: the change lasts for this session.' : `Saved into ${saved.file}.`,
        'success',
      );
      return true;
    } catch (error) {
      set({ problem: describeError(error) });
      return false;
    } finally {
      set({ saving: false });
    }
  },

  async auditionEntry(index) {
    const entry = get().draft?.entries[index];
    if (!entry) return;
    set({ auditioning: index });
    try {
      const heard = await invoke('setup:auditionEntry', toEntry(entry));
      usePlayer.getState().play({ kind: 'audition', key: `entry|${heard.url}`, voice: heard.voice, rate: 1, text: heard.text, url: heard.url, durationMs: heard.durationMs });
    } catch (error) {
      toastError(`say "${entry.text}"`, error);
    } finally {
      set({ auditioning: null });
    }
  },

  courseChanged() {
    const { view, draft } = get();
    const course = useCourse.getState().course;
    if (!course) {
      set({ view: null, draft: null, impact: null, problem: null });
      return;
    }
    // Another course: a draft of the last one must never be saved into it.
    const sameCourse = view?.file === course.file;
    const dirty = sameCourse && view && draft ? !isEmptyChange(toChange(view, draft)) : false;
    if (dirty) {
      void invoke('setup:get').then(
        (next) => set({ view: next }),
        () => undefined,
      );
      scheduleImpact(get, set);
    } else if (view || draft) void get().load();
  },
}));

type Get = () => SetupState;
type Set = (partial: Partial<SetupState>) => void;

/** Asks main what the draft would re-render, once typing pauses; answers to older drafts are dropped. */
function scheduleImpact(get: Get, set: Set): void {
  if (impactTimer) clearTimeout(impactTimer);
  impactTimer = setTimeout(() => {
    impactTimer = null;
    const { view, draft } = get();
    if (!view || !draft) return;
    const change = toChange(view, draft);
    const problem = draftProblem(draft);
    if (problem || isEmptyChange(change)) {
      set({ impact: null, problem });
      return;
    }
    const asked = ++impactAsked;
    invoke('setup:impact', change).then(
      (impact) => asked === impactAsked && set({ impact, problem: null }),
      (error: unknown) => asked === impactAsked && set({ impact: null, problem: describeError(error) }),
    );
  }, IMPACT_DELAY_MS);
}

// Another course, or this one saved or changed elsewhere: the panel follows it.
useCourse.subscribe((next, previous) => {
  if (next.course !== previous.course) useSetup.getState().courseChanged();
});
