/**
 * A setup change made real: the course file's text with the edits applied, read back by the loader
 * (so the producer gets exactly the loader's messages, placed in the edited text), and then saved.
 *
 * `prepareSetupChange` writes nothing (the studio uses it for "what would this re-render"); the
 * returned `save()` writes atomically, and only if the file still holds the text the change was
 * computed from. A file whose course is no longer the one the studio shows (edited elsewhere since
 * it was opened) is refused before anything: the change would otherwise be written into a file the
 * producer has not seen.
 */
import { extname } from 'node:path';
import { readFile } from 'node:fs/promises';
import type { SetupChange } from '../../../../../shared/ipc/setup-contract';
import type { Course } from '../../../../../shared/model/course';
import { parseCourseText, type LoadedCourse } from '../load-course';
import { applyCsvHeaderEdits, applyJsonEdits, csvHeaderKeys, saveEditedText, textHash } from './apply-setup';
import { csvHeaderEditsFor, jsonEditsFor } from './setup-edits';

/** The file on disk no longer holds the course the studio has open. */
export class CourseChangedOnDisk extends Error {
  override readonly name = 'CourseChangedOnDisk';
}

export interface PreparedSetupChange {
  /** The course as the loader reads the edited text. */
  readonly loaded: LoadedCourse;
  /** Writes the edited text over the file (atomically, if unchanged since read); nothing for a course in memory. */
  save(): Promise<void>;
}

export const isCsvFile = (file: string): boolean => ['.csv', '.tsv'].includes(extname(file).toLowerCase());

/**
 * `course` is what the studio has open; `file` its course file, or (with `inMemory`) a display name
 * for a sample or dropped course, changed as JSON for this session only. Throws CourseLoadError
 * (the change breaks the course), NotExpressibleInCsv, or CourseChangedOnDisk.
 */
export async function prepareSetupChange(course: Course, change: SetupChange, file: string, inMemory = false): Promise<PreparedSetupChange> {
  if (inMemory) {
    const text = JSON.stringify(course, null, 2);
    const label = extname(file).toLowerCase() === '.json' ? file : `${file}.json`;
    const loaded = parseCourseText(applyJsonEdits(text, jsonEditsFor(JSON.parse(text), change)), label);
    return { loaded: { ...loaded, file }, save: async () => undefined };
  }
  const text = await readFile(file, 'utf8');
  let onDisk: Course | undefined;
  try {
    onDisk = parseCourseText(text, file).course;
  } catch {
    onDisk = undefined;
  }
  if (!onDisk || JSON.stringify(onDisk) !== JSON.stringify(course)) {
    throw new CourseChangedOnDisk(`${file} was changed on disk since the studio opened it (edited elsewhere?); nothing was written. Open it again, then make the change`);
  }
  const next = isCsvFile(file)
    ? applyCsvHeaderEdits(text, csvHeaderEditsFor(course, change, csvHeaderKeys(text)))
    : applyJsonEdits(text, jsonEditsFor(JSON.parse(text.replace(/^\uFEFF/, '')), change));
  const loaded = parseCourseText(next, file);
  const readHash = textHash(text);
  return { loaded, save: () => (next === text ? Promise.resolve() : saveEditedText(file, readHash, next)) };
}
