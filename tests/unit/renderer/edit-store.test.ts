import { beforeEach, describe, expect, it } from 'vitest';
import type { CourseView } from '../../../shared/ipc/contract';
import type { EditState } from '../../../shared/ipc/edit-contract';
import { useCourse } from '../../../renderer/src/store/course';
import { NO_EDIT_STATE, saveStatusText, staleText, useEdit } from '../../../renderer/src/store/edit';
import { useToasts } from '../../../renderer/src/store/toasts';
import { useUi } from '../../../renderer/src/store/ui';
import { parseTags } from '../../../renderer/src/features/edit/tags';
import { installFakeApi, resetStores } from './fake-window';

const COURSE: CourseView = {
  file: '/courses/c.json',
  id: 'c',
  title: 'C',
  languages: { target: 'es-ES', known: 'en-US' },
  voices: { target: 'es-ES-ElviraNeural' },
  variants: [{ id: 'target', text: 'target', voice: 'target', rate: 1 }],
  phrases: [
    { id: 'p1', known: 'Hi', target: 'Hola' },
    { id: 'p2', known: 'Bye', target: 'Adiós', notes: 'informal' },
  ],
  warnings: [],
};
const DIRTY: EditState = { ...NO_EDIT_STATE, saveable: true, readOnly: null, dirty: true, undo: 'edit the target of p1', stale: { renders: 1, billableChars: 0, costUsd: null } };

describe('the edit store', () => {
  beforeEach(() => {
    resetStores();
    useEdit.setState({ state: NO_EDIT_STATE, editing: null, busy: 0 });
    useCourse.getState().setCourse(COURSE);
  });

  it('opens a cell with its current text; an unchanged text closes without asking main', async () => {
    const { calls } = installFakeApi({});
    useEdit.getState().startEditing('p2', 'notes');
    expect(useEdit.getState().editing).toEqual({ phraseId: 'p2', field: 'notes', draft: 'informal' });
    expect(await useEdit.getState().commitEditing()).toBe(true);
    expect(useEdit.getState().editing).toBeNull();
    expect(calls).toEqual([]);
  });

  it('sends a changed text as a setText edit and takes main’s state from the answer', async () => {
    const { calls } = installFakeApi({ 'edit:apply': () => ({ state: DIRTY, phraseId: 'p1' }) });
    useEdit.getState().startEditing('p1', 'target');
    useEdit.getState().setDraft('Hola, amigo');
    expect(await useEdit.getState().commitEditing()).toBe(true);
    expect(calls).toEqual([{ channel: 'edit:apply', input: { edit: { kind: 'setText', phraseId: 'p1', field: 'target', value: 'Hola, amigo' } } }]);
    expect(useEdit.getState().state).toEqual(DIRTY);
    expect(useEdit.getState().editing).toBeNull();
  });

  it('keeps the cell open with the typed text when main refuses it, and says why', async () => {
    const message = '/courses/c.json:9:40: phrases[0] (id "p1").target: phrase "p1" has an empty "target" text. Write the text, or remove the phrase.';
    installFakeApi({
      'edit:apply': () => {
        throw Object.assign(new Error(message), { code: 'course-invalid' });
      },
    });
    useEdit.getState().startEditing('p1', 'target');
    useEdit.getState().setDraft(' ');
    expect(await useEdit.getState().commitEditing()).toBe(false);
    expect(useEdit.getState().editing).toMatchObject({ phraseId: 'p1', draft: ' ' });
    expect(useToasts.getState().toasts.at(-1)).toMatchObject({ tone: 'error', title: "Couldn't change the text.", detail: message });
    expect(useEdit.getState().state).toEqual(NO_EDIT_STATE);
  });

  it('selects a phrase it added, and commits an open cell before saving', async () => {
    const { calls } = installFakeApi({
      'edit:apply': () => ({ state: DIRTY, phraseId: 'p3' }),
      'edit:save': () => ({ ...DIRTY, dirty: false, savedAtMs: 1 }),
    });
    expect(await useEdit.getState().apply({ kind: 'add', afterPhraseId: 'p2' })).toBe('p3');
    expect(useUi.getState().selection).toEqual({ phraseId: 'p3', variantId: 'target' });
    useEdit.getState().startEditing('p1', 'known');
    useEdit.getState().setDraft('Hello');
    await useEdit.getState().save();
    expect(calls.map((call) => call.channel)).toEqual(['edit:apply', 'edit:apply', 'edit:save']);
    expect(useEdit.getState().state.dirty).toBe(false);
  });

  it('words the save state and the stale renders with their cost', () => {
    expect(saveStatusText(DIRTY)).toBe('Unsaved changes');
    expect(saveStatusText({ ...DIRTY, dirty: false })).toBe('Saved');
    expect(saveStatusText({ ...DIRTY, saveable: false, readOnly: 'sample' })).toBe('Edited (not saved: read-only)');
    expect(saveStatusText({ ...DIRTY, conflict: { message: 'x' } })).toBe('Changed on disk');
    expect(staleText({ renders: 0, billableChars: 0, costUsd: null })).toBeNull();
    expect(staleText({ renders: 1, billableChars: 0, costUsd: null })).toBe('1 render stale');
    expect(staleText({ renders: 3, billableChars: 120, costUsd: 0.0018 })).toBe('3 renders stale · $0.0018 to re-render (120 characters)');
  });
});

describe('tags as typed', () => {
  it('split on spaces, commas and semicolons, without repeats or empties', () => {
    expect(parseTags(' greeting, formal;basic  greeting ')).toEqual(['greeting', 'formal', 'basic']);
    expect(parseTags('  ')).toEqual([]);
  });
});
