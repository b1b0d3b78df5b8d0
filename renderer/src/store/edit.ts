import { create } from 'zustand';
import type { EditState, PhraseEdit } from '../../../shared/ipc/edit-contract';
import { invoke } from '../lib/api';
import { useCourse } from './course';
import { toastError } from './toasts';
import { useUi } from './ui';

/** The phrase texts a table cell edits in place. */
export type EditableField = 'known' | 'target' | 'lesson' | 'notes';

/** The one cell being edited in the table, with what the producer has typed so far. */
export interface EditingCell {
  readonly phraseId: string;
  readonly field: EditableField;
  readonly draft: string;
}

export const NO_EDIT_STATE: EditState = {
  saveable: false,
  readOnly: 'Open a course first.',
  dirty: false,
  undo: null,
  redo: null,
  conflict: null,
  stale: { renders: 0, billableChars: 0, costUsd: null },
  savedAtMs: null,
};

interface EditStore {
  /** Main's editor state (edit:changed, snapshots, answers): undo/redo live in main, with the file's text. */
  state: EditState;
  editing: EditingCell | null;
  /** Requests to main in flight: the Save button shows it. */
  busy: number;
  setState(state: EditState): void;
  startEditing(phraseId: string, field: EditableField): void;
  setDraft(draft: string): void;
  cancelEditing(): void;
  /** Sends the draft if it changed; false (the editor stays open, the message in a toast) when main refused it. */
  commitEditing(): Promise<boolean>;
  /** One phrase edit; resolves with the phrase it concerns (the new one for add/duplicate), null when refused. */
  apply(edit: PhraseEdit): Promise<string | null>;
  undo(): Promise<void>;
  redo(): Promise<void>;
  save(): Promise<void>;
  resolveConflict(keep: 'mine' | 'theirs'): Promise<void>;
}

const WHAT: Record<PhraseEdit['kind'], string> = {
  setText: 'change the text',
  setTags: 'change the tags',
  add: 'add a phrase',
  duplicate: 'duplicate the phrase',
  delete: 'delete the phrase',
  move: 'move the phrase',
};

export const useEdit = create<EditStore>()((set, get) => {
  /** Runs a request to main, taking the editor state from its answer; errors become a toast. */
  async function request<T>(what: string, send: () => Promise<T>, stateOf: (answer: T) => EditState): Promise<T | undefined> {
    set({ busy: get().busy + 1 });
    try {
      const answer = await send();
      set({ state: stateOf(answer) });
      return answer;
    } catch (error) {
      toastError(what, error);
      return undefined;
    } finally {
      set({ busy: get().busy - 1 });
    }
  }

  return {
    state: NO_EDIT_STATE,
    editing: null,
    busy: 0,
    setState(state) {
      set({ state });
    },
    startEditing(phraseId, field) {
      const phrase = useCourse.getState().phraseById.get(phraseId);
      if (!phrase) return;
      set({ editing: { phraseId, field, draft: phrase[field] ?? '' } });
    },
    setDraft(draft) {
      const editing = get().editing;
      if (editing) set({ editing: { ...editing, draft } });
    },
    cancelEditing() {
      set({ editing: null });
    },
    async commitEditing() {
      const editing = get().editing;
      if (!editing) return true;
      const phrase = useCourse.getState().phraseById.get(editing.phraseId);
      if (!phrase || (phrase[editing.field] ?? '') === editing.draft) {
        set({ editing: null });
        return true;
      }
      const done = await get().apply({ kind: 'setText', phraseId: editing.phraseId, field: editing.field, value: editing.draft });
      // Still the same edit (not replaced by another cell meanwhile): close it only when main took it.
      if (done !== null && get().editing === editing) set({ editing: null });
      return done !== null;
    },
    async apply(edit) {
      const answer = await request(
        WHAT[edit.kind],
        () => invoke('edit:apply', { edit }),
        (result) => result.state,
      );
      if (!answer) return null;
      // A new phrase is selected, ready for its text.
      if ((edit.kind === 'add' || edit.kind === 'duplicate') && answer.phraseId) {
        const firstVariant = useCourse.getState().course?.variants[0]?.id;
        if (firstVariant) useUi.getState().select({ phraseId: answer.phraseId, variantId: firstVariant });
      }
      return answer.phraseId ?? '';
    },
    async undo() {
      await request(
        'undo',
        () => invoke('edit:undo'),
        (state) => state,
      );
    },
    async redo() {
      await request(
        'redo',
        () => invoke('edit:redo'),
        (state) => state,
      );
    },
    async save() {
      if (get().editing && !(await get().commitEditing())) return;
      await request(
        'save the course file',
        () => invoke('edit:save'),
        (state) => state,
      );
    },
    async resolveConflict(keep) {
      await request(
        keep === 'mine' ? 'keep your edits' : 'reload the course file',
        () => invoke('edit:resolveConflict', { keep }),
        (state) => state,
      );
    },
  };
});

/** "Unsaved changes", "Saved", or why edits stay in this session: the indicator's words. */
export function saveStatusText(state: EditState): string {
  if (state.conflict) return 'Changed on disk';
  if (!state.saveable) return state.dirty ? 'Edited (not saved: read-only)' : 'Read-only';
  return state.dirty ? 'Unsaved changes' : 'Saved';
}

/** "2 renders stale · $0.0004 to re-render" (no price for the offline engine). */
export function staleText(stale: EditState['stale']): string | null {
  if (stale.renders === 0) return null;
  const renders = `${stale.renders} render${stale.renders === 1 ? '' : 's'} stale`;
  if (stale.costUsd === null) return renders;
  return `${renders} · $${stale.costUsd < 0.01 ? stale.costUsd.toFixed(4) : stale.costUsd.toFixed(2)} to re-render (${stale.billableChars} characters)`;
}
