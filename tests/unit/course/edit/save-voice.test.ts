import { describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { saveVoiceAssignment } from '../../../../electron/main/core/course/edit/save-voice';
import { parseCourseText } from '../../../../electron/main/core/course/load-course';
import { withTempFolder } from '../../../support/temp-folder';

const COURSE = `{
    "schema": "course/1",
    "id": "c", "title": "C",
    "languages": {"target": "es-ES", "known": "en-US"},
    "voices": {
        "target": "es-ES-ElviraNeural",
        "known": "en-US-JennyNeural"
    },
    "variants": [{"id": "t", "text": "target", "voice": "target", "rate": 1}],
    "phrases": [{"id": "p1", "known": "Hi", "target": "Hola"}]
}
`;

const inTemp = (fn: (dir: string) => Promise<void>): Promise<void> => withTempFolder('save-voice-', fn);

describe('saveVoiceAssignment', () => {
  it('changes only that voice, keeping the rest of the file byte for byte', () =>
    inTemp(async (dir) => {
      const file = join(dir, 'course.json');
      await writeFile(file, COURSE);
      await saveVoiceAssignment(file, 'target', 'es-ES-AlvaroNeural');
      const after = await readFile(file, 'utf8');
      expect(after).toBe(COURSE.replace('es-ES-ElviraNeural', 'es-ES-AlvaroNeural'));
      expect(parseCourseText(after, file).course.voices.target).toBe('es-ES-AlvaroNeural');
    }));

  it('adds a role that was not there yet, in the file own indentation', () =>
    inTemp(async (dir) => {
      const file = join(dir, 'course.json');
      await writeFile(file, COURSE);
      await saveVoiceAssignment(file, 'narrator', 'en-US-GuyNeural');
      const after = await readFile(file, 'utf8');
      expect(after).toMatch(/\n {8}"narrator": "en-US-GuyNeural"/);
      expect(parseCourseText(after, file).course.voices).toMatchObject({ target: 'es-ES-ElviraNeural', narrator: 'en-US-GuyNeural' });
    }));

  it('refuses to touch a file that is no longer valid JSON', () =>
    inTemp(async (dir) => {
      const file = join(dir, 'course.json');
      await writeFile(file, '{ "voices": ');
      await expect(saveVoiceAssignment(file, 'target', 'x')).rejects.toThrow(/no longer valid JSON/);
      expect(await readFile(file, 'utf8')).toBe('{ "voices": ');
    }));
});
