import { describe, expect, it } from 'vitest';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { applyCourseEdits, CourseChangedOnDiskError, readCourseDocument, saveCourseDocument } from '../../../../electron/main/core/course/edit/course-document';
import { saveVoiceAssignment } from '../../../../electron/main/core/course/edit/save-voice';
import { withTempFolder } from '../../../support/temp-folder';

const COURSE = `{
  "schema": "course/1", "id": "c", "title": "C",
  "languages": {"target": "es-ES", "known": "en-US"},
  "voices": {"target": "es-ES-ElviraNeural", "known": "en-US-JennyNeural"},
  "variants": [{"id": "t", "text": "target", "voice": "target", "rate": 1}],
  "phrases": [{"id": "p1", "known": "Hi", "target": "Hola"}]
}
`;

const inTemp = (fn: (dir: string) => Promise<void>): Promise<void> => withTempFolder('course-document-', fn);

describe('course document', () => {
  it('saves an edit atomically when the file is as it was read, and knows the new hash', () =>
    inTemp(async (dir) => {
      const file = join(dir, 'course.json');
      await writeFile(file, COURSE);
      const document = await readCourseDocument(file);
      const text = applyCourseEdits(document, document.text, [{ op: 'set', path: ['phrases', 0, 'target'], value: 'Buenas' }]);
      const saved = await saveCourseDocument(document, text);
      expect(await readFile(file, 'utf8')).toBe(COURSE.replace('"Hola"', '"Buenas"'));
      expect(saved.diskHash).not.toBe(document.diskHash);
      // A second save from the saved document is not refused (its hash is the file's).
      await saveCourseDocument(saved, applyCourseEdits(saved, saved.text, [{ op: 'set', path: ['title'], value: 'D' }]));
      expect(await readFile(file, 'utf8')).toContain('"title": "D"');
      expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    }));

  it('never writes over a file that changed on disk since it was read (unless forced)', () =>
    inTemp(async (dir) => {
      const file = join(dir, 'course.json');
      await writeFile(file, COURSE);
      const document = await readCourseDocument(file);
      const theirs = COURSE.replace('"Hi"', '"Hello"');
      await writeFile(file, theirs);
      const mine = applyCourseEdits(document, document.text, [{ op: 'set', path: ['phrases', 0, 'target'], value: 'Buenas' }]);
      await expect(saveCourseDocument(document, mine)).rejects.toBeInstanceOf(CourseChangedOnDiskError);
      expect(await readFile(file, 'utf8')).toBe(theirs);
      await expect(saveVoiceAssignment(file, 'target', 'es-ES-AlvaroNeural', document)).rejects.toThrow(/changed on disk since the studio read it/);
      expect(await readFile(file, 'utf8')).toBe(theirs);
      expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
      await saveCourseDocument(document, mine, { force: true });
      expect(await readFile(file, 'utf8')).toBe(mine);
    }));

  it('keeps a byte order mark, and saves a CSV voice into its header lines', () =>
    inTemp(async (dir) => {
      const file = join(dir, 'list.csv');
      await writeFile(file, '\uFEFF# target: es-ES\nid,known,target\np1,Hi,Hola\n');
      const document = await readCourseDocument(file);
      expect(document.bom).toBe(true);
      await saveVoiceAssignment(file, 'target', 'es-ES-AlvaroNeural', document);
      expect(await readFile(file, 'utf8')).toBe('\uFEFF# target: es-ES\n# target-voice: es-ES-AlvaroNeural\nid,known,target\np1,Hi,Hola\n');
    }));
});
