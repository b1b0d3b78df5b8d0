import type { PhraseEdit } from '../../../../shared/ipc/edit-contract';
import type { Course, Phrase } from '../../../../shared/model/course';
import type { CourseEdit } from '../course/edit/course-edit';
import { StudioError } from './studio-error';

/** A phrase edit as course-file edits, with its undo label and the phrase it concerns. */
export interface PlannedEdit {
  readonly label: string;
  readonly edits: CourseEdit[];
  readonly phraseId: string | null;
}

/**
 * Turns what the page asked (by phrase id) into edits at paths of the course file. Empty lesson and
 * notes remove the field (the file stays as lean as the producer wrote it); a new phrase gets the next
 * free id in the course's own numbering (p009 -> p010) and placeholder texts to overwrite.
 */
export function planPhraseEdit(course: Course, edit: PhraseEdit): PlannedEdit {
  if (edit.kind === 'add') {
    const index = edit.afterPhraseId === null ? 0 : indexOf(course, edit.afterPhraseId) + 1;
    const near = course.phrases[Math.max(0, index - 1)];
    const id = freshId(course, near?.id ?? 'p1');
    const phrase: Phrase = { id, known: 'New phrase', target: 'New phrase', ...(near?.lesson !== undefined ? { lesson: near.lesson } : {}) };
    return { label: `add phrase ${id}`, edits: [{ op: 'insert', path: ['phrases'], index, value: phrase }], phraseId: id };
  }
  const index = indexOf(course, edit.phraseId);
  const phrase = course.phrases[index]!;
  switch (edit.kind) {
    case 'setText': {
      const optional = edit.field === 'lesson' || edit.field === 'notes';
      const value = optional && edit.value.trim() === '' ? undefined : edit.value;
      return { label: `edit the ${edit.field} of ${phrase.id}`, edits: [{ op: 'set', path: ['phrases', index, edit.field], value }], phraseId: phrase.id };
    }
    case 'setTags':
      return {
        label: `edit the tags of ${phrase.id}`,
        edits: [{ op: 'set', path: ['phrases', index, 'tags'], value: edit.tags.length ? edit.tags : undefined }],
        phraseId: phrase.id,
      };
    case 'duplicate': {
      const id = freshId(course, `${phrase.id}-copy`);
      return { label: `duplicate ${phrase.id}`, edits: [{ op: 'insert', path: ['phrases'], index: index + 1, value: { ...structuredClone(phrase), id } }], phraseId: id };
    }
    case 'delete':
      if (course.phrases.length === 1) throw new StudioError('invalid-input', `"${phrase.id}" is the course's only phrase: a course needs at least one. Add another first.`);
      return { label: `delete ${phrase.id}`, edits: [{ op: 'remove', path: ['phrases', index] }], phraseId: phrase.id };
    case 'move': {
      const to = index + edit.by;
      if (to < 0 || to >= course.phrases.length) throw new StudioError('invalid-input', `"${phrase.id}" is already the ${edit.by < 0 ? 'first' : 'last'} phrase.`);
      return { label: `move ${phrase.id} ${edit.by < 0 ? 'up' : 'down'}`, edits: [{ op: 'move', path: ['phrases'], from: index, to }], phraseId: phrase.id };
    }
  }
}

function indexOf(course: Course, phraseId: string): number {
  const index = course.phrases.findIndex((phrase) => phrase.id === phraseId);
  if (index < 0) throw new StudioError('not-found', `The course has no phrase "${phraseId}" (edited elsewhere?).`);
  return index;
}

/** `p009` -> `p010` (same padding), `hello` -> `hello-2`: the first such id not in the course. */
export function freshId(course: Course, from: string): string {
  const taken = new Set(course.phrases.map((phrase) => phrase.id));
  const numbered = /^(.*?)(\d+)$/.exec(from);
  const stem = numbered ? numbered[1]! : `${from}-`;
  const width = numbered ? numbered[2]!.length : 1;
  let n = numbered ? Number(numbered[2]) + 1 : 2;
  while (taken.has(`${stem}${String(n).padStart(width, '0')}`)) n++;
  return taken.has(from) || numbered ? `${stem}${String(n).padStart(width, '0')}` : from;
}
