import { describe, expect, it } from 'vitest';
import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeCourseBytes, maxCourseBytes, readCourseText, DEFAULT_MAX_COURSE_BYTES } from '../../../electron/main/core/course/course-text';
import { CourseLoadError } from '../../../electron/main/core/course/course-issue';
import { useTempFolder } from '../../support/temp-folder';

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof CourseLoadError) return error.message;
    throw error;
  }
  throw new Error('expected a CourseLoadError');
}

const temp = useTempFolder('cas-course-text-');

describe('reading a course file: encodings', () => {
  const text = '{"schema": "course/1"}';
  it.each([
    ['UTF-16 LE', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ['UTF-16 LE', Buffer.from(text, 'utf16le')],
    ['UTF-16 BE', Buffer.from(Buffer.from(text, 'utf16le')).swap16()],
    ['UTF-32 LE', Buffer.from([0xff, 0xfe, 0, 0, 0x7b, 0, 0, 0])],
    ['UTF-32 BE', Buffer.from([0, 0, 0, 0x7b, 0, 0, 0, 0x22])],
  ])('names %s and says to save as UTF-8', (name, bytes) => {
    expect(message(() => decodeCourseBytes(bytes, 'c.json'))).toBe(`c.json: the file is ${name}, not UTF-8. Save it as UTF-8 (in most editors: Save As -> Encoding: UTF-8).`);
  });

  it('places invalid UTF-8 (a Latin-1 "ñ") at its line and column instead of replacing it', () => {
    const bytes = Buffer.concat([Buffer.from('{\n  "target": "Espa'), Buffer.from([0xf1]), Buffer.from('a"\n}')]);
    expect(message(() => decodeCourseBytes(bytes, 'c.json'))).toMatch(/^c\.json:2:18: invalid UTF-8 \(byte 0xF1 at byte offset 19\)\./);
  });

  it('counts columns in characters, not bytes, before the bad byte', () => {
    const bytes = Buffer.concat([Buffer.from('¿Dónde?'), Buffer.from([0xc0, 0x80])]);
    expect(message(() => decodeCourseBytes(bytes, 'c.csv'))).toMatch(/^c\.csv:1:8: invalid UTF-8 \(byte 0xC0/);
  });

  it('accepts UTF-8 with a BOM and drops the BOM', () => {
    expect(decodeCourseBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'c.json')).toBe(text);
  });
});

describe('reading a course file: size', () => {
  it('refuses a file over the limit by its size alone (a sparse 60 MB file is never read)', async () => {
    const file = join(temp.dir, 'big.json');
    const handle = await open(file, 'w');
    await handle.truncate(60 * 1024 * 1024);
    await handle.close();
    await expect(readCourseText(file)).rejects.toThrow(
      /big\.json: the file is 60\.0 MB, over the 50\.0 MB a course file may have\. Split the course, or raise the limit with CAS_MAX_COURSE_BYTES=<bytes>\./,
    );
  });

  it('takes the limit from CAS_MAX_COURSE_BYTES, ignoring nonsense', async () => {
    expect(maxCourseBytes({ CAS_MAX_COURSE_BYTES: '1000' })).toBe(1000);
    expect(maxCourseBytes({ CAS_MAX_COURSE_BYTES: 'lots' })).toBe(DEFAULT_MAX_COURSE_BYTES);
    expect(maxCourseBytes({})).toBe(DEFAULT_MAX_COURSE_BYTES);
    const file = join(temp.dir, 'small.json');
    await writeFile(file, 'x'.repeat(200));
    await expect(readCourseText(file, 100)).rejects.toThrow(/the file is 200 bytes, over the 100 bytes/);
    await expect(readCourseText(file, 200)).resolves.toHaveLength(200);
  });

  it('says what a missing file or a folder is', async () => {
    await expect(readCourseText(join(temp.dir, 'nope.json'))).rejects.toThrow(/nope\.json: file not found/);
    await expect(readCourseText(temp.dir)).rejects.toThrow(/is a folder, not a course file/);
  });
});
