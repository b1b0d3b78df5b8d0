import { applyCourseEdits, readCourseDocument, saveCourseDocument, type CourseDocument } from './course-document';

/**
 * 'Use for target': writes one role -> voice assignment into a course file (JSON: only that value
 * changes; CSV: its `# target-voice:` / `# known-voice:` line), atomically. With `document` (what the
 * studio read), the write is refused if the file changed on disk since (CourseChangedOnDiskError).
 */
export async function saveVoiceAssignment(file: string, role: string, voice: string, document?: CourseDocument): Promise<CourseDocument> {
  const read = document ?? (await readCourseDocument(file));
  const text = applyCourseEdits(read, read.text, [{ op: 'set', path: ['voices', role], value: voice }]);
  return saveCourseDocument(read, text);
}
