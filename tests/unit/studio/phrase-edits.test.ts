import { describe, expect, it } from 'vitest';
import type { Course } from '../../../shared/model/course';
import { EditHistory } from '../../../electron/main/core/studio/edit-history';
import { freshId, planPhraseEdit } from '../../../electron/main/core/studio/phrase-edits';

const course = (ids: string[]): Course => ({
  schema: 'course/1',
  id: 'c',
  title: 'C',
  languages: { target: 'es-ES', known: 'en-US' },
  voices: { target: 'es-ES-ElviraNeural' },
  variants: [{ id: 't', text: 'target', voice: 'target', rate: 1 }],
  phrases: ids.map((id) => ({ id, known: `k ${id}`, target: `t ${id}`, lesson: 'L1' })),
});

describe('phrase edits', () => {
  it('gives new phrases the next free id in the course numbering', () => {
    expect(freshId(course(['p009', 'p010']), 'p009')).toBe('p011');
    expect(freshId(course(['a1']), 'a1')).toBe('a2');
    expect(freshId(course(['hello']), 'hello-copy')).toBe('hello-copy');
    expect(freshId(course(['hello', 'hello-copy']), 'hello-copy')).toBe('hello-copy-2');
  });

  it('plans edits at the phrase index, by id', () => {
    const c = course(['p1', 'p2', 'p3']);
    expect(planPhraseEdit(c, { kind: 'setText', phraseId: 'p2', field: 'target', value: 'x' }).edits).toEqual([{ op: 'set', path: ['phrases', 1, 'target'], value: 'x' }]);
    // An empty note or lesson removes the field rather than writing "".
    expect(planPhraseEdit(c, { kind: 'setText', phraseId: 'p2', field: 'notes', value: '  ' }).edits).toEqual([{ op: 'set', path: ['phrases', 1, 'notes'], value: undefined }]);
    expect(planPhraseEdit(c, { kind: 'move', phraseId: 'p3', by: -1 }).edits).toEqual([{ op: 'move', path: ['phrases'], from: 2, to: 1 }]);
    const added = planPhraseEdit(c, { kind: 'add', afterPhraseId: 'p1' });
    expect(added).toMatchObject({ phraseId: 'p4', edits: [{ op: 'insert', path: ['phrases'], index: 1, value: { id: 'p4', lesson: 'L1' } }] });
    expect(planPhraseEdit(c, { kind: 'add', afterPhraseId: null }).edits[0]).toMatchObject({ index: 0 });
  });

  it('refuses what cannot be: an unknown phrase, moving past the end, deleting the only phrase', () => {
    expect(() => planPhraseEdit(course(['p1']), { kind: 'delete', phraseId: 'zz' })).toThrow(/no phrase "zz"/);
    expect(() => planPhraseEdit(course(['p1', 'p2']), { kind: 'move', phraseId: 'p2', by: 1 })).toThrow(/already the last/);
    expect(() => planPhraseEdit(course(['p1']), { kind: 'delete', phraseId: 'p1' })).toThrow(/only phrase/);
  });
});

describe('EditHistory', () => {
  it('undoes and redoes in order; a new edit clears what could be redone', () => {
    const history = new EditHistory();
    history.push({ label: 'a', before: '0', after: '1' });
    history.push({ label: 'b', before: '1', after: '2' });
    expect(history.undo()?.before).toBe('1');
    expect(history.redoLabel).toBe('b');
    history.push({ label: 'c', before: '1', after: '3' });
    expect(history.redoLabel).toBeNull();
    expect(history.undo()?.label).toBe('c');
    expect(history.undo()?.label).toBe('a');
    expect(history.undo()).toBeUndefined();
  });

  it('drops the oldest entries past its entry and character bounds', () => {
    const history = new EditHistory(3, 100);
    for (let i = 0; i < 5; i++) history.push({ label: `e${i}`, before: 'x', after: 'y' });
    const labels: string[] = [];
    for (let entry = history.undo(); entry; entry = history.undo()) labels.push(entry.label);
    expect(labels).toEqual(['e4', 'e3', 'e2']);
    const big = new EditHistory(100, 100);
    for (let i = 0; i < 4; i++) big.push({ label: `b${i}`, before: 'x'.repeat(20), after: 'y'.repeat(20) });
    expect([big.undo()?.label, big.undo()?.label, big.undo()]).toEqual(['b3', 'b2', undefined]);
  });
});
